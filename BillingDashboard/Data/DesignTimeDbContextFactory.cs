using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BillingDashboard.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without starting the app or reading its settings.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<BillingDbContext>
{
    public BillingDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<BillingDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
