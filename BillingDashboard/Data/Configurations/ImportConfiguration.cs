using BillingDashboard.Domain.Imports;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BillingDashboard.Data.Configurations;

public sealed class CustomerImportConfiguration : IEntityTypeConfiguration<CustomerImport>
{
    public void Configure(EntityTypeBuilder<CustomerImport> builder)
    {
        builder.HasKey(import => import.Sequence);
        builder.Property(import => import.Sequence).ValueGeneratedOnAdd();
        builder.HasIndex(import => import.Id).IsUnique();
        // A resume looks for the unfinished import of the same file.
        builder.HasIndex(import => new { import.FileSha256, import.Status });
        builder.Property(import => import.Id).IsRequired().HasMaxLength(40);
        builder.Property(import => import.FileName).HasMaxLength(260);
        builder.Property(import => import.FileSha256).HasMaxLength(64);
        builder.Property(import => import.Status).HasConversion<string>().HasMaxLength(20);
    }
}

public sealed class SavedImportMappingConfiguration : IEntityTypeConfiguration<SavedImportMapping>
{
    public void Configure(EntityTypeBuilder<SavedImportMapping> builder)
    {
        builder.HasKey(mapping => mapping.Name);
        builder.Property(mapping => mapping.Name).HasMaxLength(100);
    }
}
