using BillingDashboard.Domain.Coupons;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BillingDashboard.Data.Configurations;

public sealed class CouponConfiguration : IEntityTypeConfiguration<Coupon>
{
    public void Configure(EntityTypeBuilder<Coupon> builder)
    {
        builder.ToTable("Coupons");
        builder.HasKey(coupon => coupon.Id);
        builder.Property(coupon => coupon.Id).HasMaxLength(CouponRules.MaxIdLength);
        builder.Property(coupon => coupon.Name).HasMaxLength(CouponRules.MaxNameLength);
        builder.Property(coupon => coupon.PercentOff).HasConversion<string>();
        builder.Property(coupon => coupon.Currency).HasMaxLength(3);
        builder.Property(coupon => coupon.Duration).HasConversion<string>().HasMaxLength(10);
        builder.Property(coupon => coupon.Metadata).HasJsonConversion();
        builder.Property(coupon => coupon.Version).IsConcurrencyToken();
        builder.HasIndex(coupon => coupon.Created);
    }
}

public sealed class DiscountConfiguration : IEntityTypeConfiguration<Discount>
{
    public void Configure(EntityTypeBuilder<Discount> builder)
    {
        builder.ToTable("Discounts");
        builder.HasKey(discount => discount.Id);
        // CustomerId has no foreign key: see TaxIdConfiguration.
        builder.HasOne(discount => discount.Coupon).WithMany().HasForeignKey(discount => discount.CouponId).OnDelete(DeleteBehavior.Restrict);
        // A customer has at most one discount in force; removed ones stay as history.
        builder.HasIndex(discount => discount.CustomerId).IsUnique().HasFilter("\"RemovedAt\" IS NULL").HasDatabaseName("IX_Discounts_CurrentByCustomer");
        builder.HasIndex(discount => discount.CouponId);
    }
}
