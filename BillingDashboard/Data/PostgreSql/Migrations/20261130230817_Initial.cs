using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace BillingDashboard.Data.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:CollationDefinition:case_insensitive", "und-u-ks-level2,und-u-ks-level2,icu,False");

            migrationBuilder.CreateTable(
                name: "AccountSettings",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Seller = table.Column<string>(type: "text", nullable: false),
                    Numbering = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    AccountPrefix = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false, collation: "C"),
                    NextAccountSequence = table.Column<int>(type: "integer", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AccountSettings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ApiKeys",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, collation: "C"),
                    SecretHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, collation: "C"),
                    Last4 = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ReadOnly = table.Column<bool>(type: "boolean", nullable: false),
                    Created = table.Column<long>(type: "bigint", nullable: false),
                    CreatedBy = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    LastUsed = table.Column<long>(type: "bigint", nullable: true),
                    RevokedAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApiKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoles",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    NormalizedName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoles", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUsers",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    IsDisabled = table.Column<bool>(type: "boolean", nullable: false, defaultValue: false),
                    CreatedAt = table.Column<long>(type: "bigint", nullable: false),
                    UserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    NormalizedUserName = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    Email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    NormalizedEmail = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true, collation: "C"),
                    EmailConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    PasswordHash = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    SecurityStamp = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ConcurrencyStamp = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    PhoneNumber = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    PhoneNumberConfirmed = table.Column<bool>(type: "boolean", nullable: false),
                    TwoFactorEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    LockoutEnd = table.Column<long>(type: "bigint", nullable: true),
                    LockoutEnabled = table.Column<bool>(type: "boolean", nullable: false),
                    AccessFailedCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUsers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Charges",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false, collation: "C"),
                    CustomerId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    SourceId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    InvoiceId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    PaymentMethodId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    PaymentMethodType = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    CardBrand = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true, collation: "C"),
                    Last4 = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false, collation: "C"),
                    Description = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true, collation: "C"),
                    Metadata = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    FailureCode = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    DeclineCode = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    FailureMessage = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Captured = table.Column<bool>(type: "boolean", nullable: false),
                    AmountRefunded = table.Column<long>(type: "bigint", nullable: false),
                    Created = table.Column<long>(type: "bigint", nullable: false),
                    CreatedBy = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ReleasedAtCapture = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Charges", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "Coupons",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true, collation: "C"),
                    PercentOff = table.Column<string>(type: "character varying(64)", nullable: true),
                    AmountOff = table.Column<long>(type: "bigint", nullable: true),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true, collation: "C"),
                    Duration = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    DurationInMonths = table.Column<int>(type: "integer", nullable: true),
                    MaxRedemptions = table.Column<int>(type: "integer", nullable: true),
                    RedeemBy = table.Column<long>(type: "bigint", nullable: true),
                    TimesRedeemed = table.Column<int>(type: "integer", nullable: false),
                    Metadata = table.Column<string>(type: "text", nullable: false),
                    Created = table.Column<long>(type: "bigint", nullable: false),
                    DeletedAt = table.Column<long>(type: "bigint", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Coupons", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CreditNotes",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    InvoiceId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    CustomerId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Number = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false, collation: "C"),
                    Status = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Reason = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: true, collation: "C"),
                    Memo = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Metadata = table.Column<string>(type: "text", nullable: false),
                    Lines = table.Column<string>(type: "text", nullable: false),
                    Subtotal = table.Column<long>(type: "bigint", nullable: false),
                    DiscountAmount = table.Column<long>(type: "bigint", nullable: false),
                    Taxes = table.Column<string>(type: "text", nullable: false),
                    Total = table.Column<long>(type: "bigint", nullable: false),
                    PrePaymentAmount = table.Column<long>(type: "bigint", nullable: false),
                    CreditAmount = table.Column<long>(type: "bigint", nullable: false),
                    RefundAmount = table.Column<long>(type: "bigint", nullable: false),
                    OutOfBandAmount = table.Column<long>(type: "bigint", nullable: false),
                    CustomerBalanceTransactionId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    RefundId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Seller = table.Column<string>(type: "text", nullable: false),
                    Created = table.Column<long>(type: "bigint", nullable: false),
                    CreatedBy = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    VoidedAt = table.Column<long>(type: "bigint", nullable: true),
                    VoidedBy = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CreditNotes", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "CustomerBalanceTransactions",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    CustomerId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Type = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false, collation: "C"),
                    EndingBalance = table.Column<long>(type: "bigint", nullable: false),
                    Description = table.Column<string>(type: "character varying(350)", maxLength: 350, nullable: true, collation: "C"),
                    Created = table.Column<long>(type: "bigint", nullable: false),
                    CreatedBy = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CustomerBalanceTransactions", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "Customers",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Id = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Created = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "text", nullable: true, collation: "case_insensitive"),
                    Email = table.Column<string>(type: "text", nullable: true, collation: "case_insensitive"),
                    Description = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Phone = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    AddressLine1 = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    AddressLine2 = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    AddressCity = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    AddressState = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    AddressPostalCode = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    AddressCountry = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true, collation: "C"),
                    ShippingName = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ShippingPhone = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ShippingAddressLine1 = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ShippingAddressLine2 = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ShippingAddressCity = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ShippingAddressState = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ShippingAddressPostalCode = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ShippingAddressCountry = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true, collation: "C"),
                    PreferredLocales = table.Column<List<string>>(type: "text[]", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true, collation: "C"),
                    CurrencyLockedBy = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: true),
                    Balance = table.Column<long>(type: "bigint", nullable: false),
                    TaxExempt = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    TaxIdCount = table.Column<int>(type: "integer", nullable: false),
                    DefaultSourceId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    InvoiceDefaultPaymentMethodId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Metadata = table.Column<string>(type: "text", nullable: false),
                    InvoicePrefix = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false, collation: "C"),
                    NextInvoiceSequence = table.Column<int>(type: "integer", nullable: false),
                    InvoiceCustomFields = table.Column<string>(type: "text", nullable: false),
                    InvoiceFooter = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    DeletedAt = table.Column<long>(type: "bigint", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Customers", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "DataProtectionKeys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FriendlyName = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Xml = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DataProtectionKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "IdempotentRequests",
                columns: table => new
                {
                    ApiKeyId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Key = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false, collation: "C"),
                    RequestHash = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    StatusCode = table.Column<int>(type: "integer", nullable: true),
                    ResponseBody = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Created = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_IdempotentRequests", x => new { x.ApiKeyId, x.Key });
                });

            migrationBuilder.CreateTable(
                name: "InvoiceItems",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    CustomerId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    InvoiceId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false, collation: "C"),
                    Quantity = table.Column<long>(type: "bigint", nullable: false),
                    UnitAmount = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false, collation: "C"),
                    TaxRateIds = table.Column<string>(type: "text", nullable: false),
                    Created = table.Column<long>(type: "bigint", nullable: false),
                    DiscountAmount = table.Column<long>(type: "bigint", nullable: true),
                    Taxes = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InvoiceItems", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "Invoices",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    CustomerId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Status = table.Column<string>(type: "character varying(14)", maxLength: 14, nullable: false),
                    Number = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false, collation: "C"),
                    CollectionMethod = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    DaysUntilDue = table.Column<int>(type: "integer", nullable: true),
                    Description = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Footer = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    CustomFields = table.Column<string>(type: "text", nullable: false),
                    CouponId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    DefaultPaymentMethodId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Metadata = table.Column<string>(type: "text", nullable: false),
                    Created = table.Column<long>(type: "bigint", nullable: false),
                    FinalizedAt = table.Column<long>(type: "bigint", nullable: true),
                    DueDate = table.Column<long>(type: "bigint", nullable: true),
                    Amounts = table.Column<string>(type: "text", nullable: true),
                    Snapshot = table.Column<string>(type: "text", nullable: true),
                    AmountPaid = table.Column<long>(type: "bigint", nullable: false),
                    ChargeId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    History = table.Column<string>(type: "text", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    PrePaymentCreditNotesAmount = table.Column<long>(type: "bigint", nullable: false),
                    PostPaymentCreditNotesAmount = table.Column<long>(type: "bigint", nullable: false),
                    CreditNoteCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Invoices", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "OutboxMessages",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Kind = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    CustomerId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    InvoiceId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    CreditNoteId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    To = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    SenderName = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ReplyTo = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Language = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false, collation: "C"),
                    Subject = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Body = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    RequestedBy = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Created = table.Column<long>(type: "bigint", nullable: false),
                    Status = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "bigint", nullable: false),
                    LeaseToken = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    LeaseUntil = table.Column<long>(type: "bigint", nullable: true),
                    Reply = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    SentAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OutboxMessages", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "PaymentMethods",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    CardBrand = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    Last4 = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false, collation: "C"),
                    ExpMonth = table.Column<int>(type: "integer", nullable: false),
                    ExpYear = table.Column<int>(type: "integer", nullable: false),
                    Funding = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false, collation: "C"),
                    Country = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true, collation: "C"),
                    Fingerprint = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    TestOutcome = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    BillingName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true, collation: "C"),
                    BillingEmail = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    BillingPhone = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    BillingAddressLine1 = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    BillingAddressLine2 = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    BillingAddressCity = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    BillingAddressState = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    BillingAddressPostalCode = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    BillingAddressCountry = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true, collation: "C"),
                    Metadata = table.Column<string>(type: "text", nullable: false),
                    Created = table.Column<long>(type: "bigint", nullable: false),
                    CustomerId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    DetachedAt = table.Column<long>(type: "bigint", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PaymentMethods", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "Refunds",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ChargeId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false, collation: "C"),
                    Reason = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: true, collation: "C"),
                    Metadata = table.Column<string>(type: "text", nullable: false),
                    Created = table.Column<long>(type: "bigint", nullable: false),
                    CreatedBy = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Refunds", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "Sources",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Type = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Usage = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Status = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    OwnerName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true, collation: "C"),
                    OwnerEmail = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Amount = table.Column<long>(type: "bigint", nullable: true),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true, collation: "C"),
                    CardBrand = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true, collation: "C"),
                    ExpMonth = table.Column<int>(type: "integer", nullable: true),
                    ExpYear = table.Column<int>(type: "integer", nullable: true),
                    Funding = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: true, collation: "C"),
                    Country = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true, collation: "C"),
                    Fingerprint = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: true, collation: "C"),
                    TestOutcome = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    BankCode = table.Column<string>(type: "character varying(11)", maxLength: 11, nullable: true, collation: "C"),
                    MandateReference = table.Column<string>(type: "character varying(35)", maxLength: 35, nullable: true, collation: "C"),
                    Last4 = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false, collation: "C"),
                    Metadata = table.Column<string>(type: "text", nullable: false),
                    Created = table.Column<long>(type: "bigint", nullable: false),
                    CustomerId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    IsAttached = table.Column<bool>(type: "boolean", nullable: false),
                    DetachedAt = table.Column<long>(type: "bigint", nullable: true),
                    ConsumedByChargeId = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Sources", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "TaxIds",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    CustomerId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Type = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    Value = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false, collation: "C"),
                    Country = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false, collation: "C"),
                    Verification = table.Column<string>(type: "character varying(12)", maxLength: 12, nullable: false),
                    Created = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TaxIds", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "TaxRates",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    DisplayName = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false, collation: "C"),
                    Description = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    Jurisdiction = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true, collation: "C"),
                    Country = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true, collation: "C"),
                    Percentage = table.Column<string>(type: "character varying(64)", nullable: false),
                    Inclusive = table.Column<bool>(type: "boolean", nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    Created = table.Column<long>(type: "bigint", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TaxRates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Tokens",
                columns: table => new
                {
                    Sequence = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    CardBrand = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false, collation: "C"),
                    Last4 = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false, collation: "C"),
                    ExpMonth = table.Column<int>(type: "integer", nullable: false),
                    ExpYear = table.Column<int>(type: "integer", nullable: false),
                    Funding = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false, collation: "C"),
                    Country = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: true, collation: "C"),
                    Fingerprint = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, collation: "C"),
                    TestOutcome = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    CardholderName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true, collation: "C"),
                    Created = table.Column<long>(type: "bigint", nullable: false),
                    UsedAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Tokens", x => x.Sequence);
                });

            migrationBuilder.CreateTable(
                name: "AspNetRoleClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    RoleId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ClaimType = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ClaimValue = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetRoleClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetRoleClaims_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    UserId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ClaimType = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    ClaimValue = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AspNetUserClaims_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserLogins",
                columns: table => new
                {
                    LoginProvider = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ProviderKey = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    ProviderDisplayName = table.Column<string>(type: "text", nullable: true, collation: "C"),
                    UserId = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserLogins", x => new { x.LoginProvider, x.ProviderKey });
                    table.ForeignKey(
                        name: "FK_AspNetUserLogins_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserRoles",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    RoleId = table.Column<string>(type: "text", nullable: false, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserRoles", x => new { x.UserId, x.RoleId });
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetRoles_RoleId",
                        column: x => x.RoleId,
                        principalTable: "AspNetRoles",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_AspNetUserRoles_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AspNetUserTokens",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    LoginProvider = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Name = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Value = table.Column<string>(type: "text", nullable: true, collation: "C")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AspNetUserTokens", x => new { x.UserId, x.LoginProvider, x.Name });
                    table.ForeignKey(
                        name: "FK_AspNetUserTokens_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Discounts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    CouponId = table.Column<string>(type: "character varying(50)", nullable: false, collation: "C"),
                    CustomerId = table.Column<string>(type: "text", nullable: false, collation: "C"),
                    Start = table.Column<long>(type: "bigint", nullable: false),
                    End = table.Column<long>(type: "bigint", nullable: true),
                    RemovedAt = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Discounts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Discounts_Coupons_CouponId",
                        column: x => x.CouponId,
                        principalTable: "Coupons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ApiKeys_SecretHash",
                table: "ApiKeys",
                column: "SecretHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetRoleClaims_RoleId",
                table: "AspNetRoleClaims",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "RoleNameIndex",
                table: "AspNetRoles",
                column: "NormalizedName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserClaims_UserId",
                table: "AspNetUserClaims",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserLogins_UserId",
                table: "AspNetUserLogins",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_AspNetUserRoles_RoleId",
                table: "AspNetUserRoles",
                column: "RoleId");

            migrationBuilder.CreateIndex(
                name: "EmailIndex",
                table: "AspNetUsers",
                column: "NormalizedEmail");

            migrationBuilder.CreateIndex(
                name: "UserNameIndex",
                table: "AspNetUsers",
                column: "NormalizedUserName",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Charges_Created",
                table: "Charges",
                column: "Created");

            migrationBuilder.CreateIndex(
                name: "IX_Charges_Currency_Created",
                table: "Charges",
                columns: new[] { "Currency", "Created" });

            migrationBuilder.CreateIndex(
                name: "IX_Charges_CustomerId_Created",
                table: "Charges",
                columns: new[] { "CustomerId", "Created" });

            migrationBuilder.CreateIndex(
                name: "IX_Charges_Id",
                table: "Charges",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Charges_PaymentMethodId_Created",
                table: "Charges",
                columns: new[] { "PaymentMethodId", "Created" });

            migrationBuilder.CreateIndex(
                name: "IX_Charges_SourceId_Created",
                table: "Charges",
                columns: new[] { "SourceId", "Created" });

            migrationBuilder.CreateIndex(
                name: "IX_Charges_Status_Created",
                table: "Charges",
                columns: new[] { "Status", "Created" });

            migrationBuilder.CreateIndex(
                name: "IX_Coupons_Created",
                table: "Coupons",
                column: "Created");

            migrationBuilder.CreateIndex(
                name: "IX_CreditNotes_CustomerId_Sequence",
                table: "CreditNotes",
                columns: new[] { "CustomerId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_CreditNotes_Id",
                table: "CreditNotes",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CreditNotes_InvoiceId_Sequence",
                table: "CreditNotes",
                columns: new[] { "InvoiceId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_CreditNotes_Number",
                table: "CreditNotes",
                column: "Number",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CustomerBalanceTransactions_CustomerId_Sequence",
                table: "CustomerBalanceTransactions",
                columns: new[] { "CustomerId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_CustomerBalanceTransactions_Id",
                table: "CustomerBalanceTransactions",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Customers_Country",
                table: "Customers",
                columns: new[] { "AddressCountry", "Sequence" },
                filter: "\"DeletedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Customers_Country_WithTaxIds",
                table: "Customers",
                columns: new[] { "AddressCountry", "Sequence" },
                filter: "\"DeletedAt\" IS NULL AND \"TaxIdCount\" > 0");

            migrationBuilder.CreateIndex(
                name: "IX_Customers_Created",
                table: "Customers",
                columns: new[] { "Created", "Sequence" },
                filter: "\"DeletedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Customers_Currency",
                table: "Customers",
                columns: new[] { "Currency", "Sequence" },
                filter: "\"DeletedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Customers_Email",
                table: "Customers",
                columns: new[] { "Email", "Sequence" },
                filter: "\"DeletedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Customers_Id",
                table: "Customers",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Customers_InvoicePrefix",
                table: "Customers",
                column: "InvoicePrefix",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Customers_Name",
                table: "Customers",
                columns: new[] { "Name", "Sequence" },
                filter: "\"DeletedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Customers_TaxExempt",
                table: "Customers",
                columns: new[] { "TaxExempt", "Sequence" },
                filter: "\"DeletedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Customers_WithBalance",
                table: "Customers",
                column: "Sequence",
                filter: "\"DeletedAt\" IS NULL AND \"Balance\" <> 0");

            migrationBuilder.CreateIndex(
                name: "IX_Customers_WithTaxIds",
                table: "Customers",
                column: "Sequence",
                filter: "\"DeletedAt\" IS NULL AND \"TaxIdCount\" > 0");

            migrationBuilder.CreateIndex(
                name: "IX_Discounts_CouponId",
                table: "Discounts",
                column: "CouponId");

            migrationBuilder.CreateIndex(
                name: "IX_Discounts_CurrentByCustomer",
                table: "Discounts",
                column: "CustomerId",
                unique: true,
                filter: "\"RemovedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_IdempotentRequests_Created",
                table: "IdempotentRequests",
                column: "Created");

            migrationBuilder.CreateIndex(
                name: "IX_InvoiceItems_CustomerId_InvoiceId",
                table: "InvoiceItems",
                columns: new[] { "CustomerId", "InvoiceId" });

            migrationBuilder.CreateIndex(
                name: "IX_InvoiceItems_Id",
                table: "InvoiceItems",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_InvoiceItems_InvoiceId_Sequence",
                table: "InvoiceItems",
                columns: new[] { "InvoiceId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_Invoices_Created",
                table: "Invoices",
                column: "Created");

            migrationBuilder.CreateIndex(
                name: "IX_Invoices_Currency_Created",
                table: "Invoices",
                columns: new[] { "Currency", "Created" });

            migrationBuilder.CreateIndex(
                name: "IX_Invoices_CustomerId_Created",
                table: "Invoices",
                columns: new[] { "CustomerId", "Created" });

            migrationBuilder.CreateIndex(
                name: "IX_Invoices_DueDate",
                table: "Invoices",
                column: "DueDate");

            migrationBuilder.CreateIndex(
                name: "IX_Invoices_Id",
                table: "Invoices",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Invoices_Number",
                table: "Invoices",
                column: "Number",
                unique: true,
                filter: "\"Number\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Invoices_Status_Created",
                table: "Invoices",
                columns: new[] { "Status", "Created" });

            migrationBuilder.CreateIndex(
                name: "IX_Invoices_Status_DueDate",
                table: "Invoices",
                columns: new[] { "Status", "DueDate" });

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_Id",
                table: "OutboxMessages",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_InvoiceId_Sequence",
                table: "OutboxMessages",
                columns: new[] { "InvoiceId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_LeaseToken",
                table: "OutboxMessages",
                column: "LeaseToken");

            migrationBuilder.CreateIndex(
                name: "IX_OutboxMessages_Status_NextAttemptAt",
                table: "OutboxMessages",
                columns: new[] { "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PaymentMethods_CustomerId_Sequence",
                table: "PaymentMethods",
                columns: new[] { "CustomerId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_PaymentMethods_Id",
                table: "PaymentMethods",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Refunds_ChargeId_Sequence",
                table: "Refunds",
                columns: new[] { "ChargeId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_Refunds_Id",
                table: "Refunds",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Sources_CustomerId_Sequence",
                table: "Sources",
                columns: new[] { "CustomerId", "Sequence" });

            migrationBuilder.CreateIndex(
                name: "IX_Sources_Id",
                table: "Sources",
                column: "Id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TaxIds_CustomerId_Type_Value",
                table: "TaxIds",
                columns: new[] { "CustomerId", "Type", "Value" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_TaxRates_Active_Created",
                table: "TaxRates",
                columns: new[] { "Active", "Created" });

            migrationBuilder.CreateIndex(
                name: "IX_Tokens_Id",
                table: "Tokens",
                column: "Id",
                unique: true);

            // What SQLite does with an FTS5 trigram table and triggers, PostgreSQL does with pg_trgm: the same
            // "CustomerSearch" table (rowid = the customer's Sequence), its text lower-cased, and a GIN trigram index
            // that LIKE '%…%' uses. The text is the same as SQLite's (name, email, phone, description, metadata values).
            migrationBuilder.Sql("""CREATE EXTENSION IF NOT EXISTS pg_trgm;""");
            migrationBuilder.Sql("""
                CREATE TABLE "CustomerSearch" ("rowid" bigint PRIMARY KEY, "Text" text COLLATE "C" NOT NULL);
                CREATE INDEX "IX_CustomerSearch_Text" ON "CustomerSearch" USING gin ("Text" gin_trgm_ops);
                CREATE FUNCTION "Customers_Search"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP IN ('UPDATE', 'DELETE') THEN
                    DELETE FROM "CustomerSearch" WHERE "rowid" = OLD."Sequence";
                  END IF;
                  IF TG_OP IN ('INSERT', 'UPDATE') AND NEW."DeletedAt" IS NULL THEN
                    INSERT INTO "CustomerSearch"("rowid", "Text") VALUES (NEW."Sequence", lower((
                      coalesce(NEW."Name", '') || ' ' || coalesce(NEW."Email", '') || ' ' || coalesce(NEW."Phone", '') || ' ' ||
                      coalesce(NEW."Description", '') || ' ' ||
                      coalesce((SELECT string_agg(value, ' ') FROM json_each_text(NEW."Metadata"::json)), '')) COLLATE "und-x-icu"));
                  END IF;
                  RETURN NULL;
                END $$;
                CREATE TRIGGER "Customers_Search" AFTER INSERT OR DELETE OR UPDATE OF "Name", "Email", "Phone", "Description", "Metadata", "DeletedAt"
                  ON "Customers" FOR EACH ROW EXECUTE FUNCTION "Customers_Search"();
                """);

            // A customer's count of tax ids, kept by the database as SQLite's triggers keep it (the "has a tax ID" filter's index reads it).
            migrationBuilder.Sql("""
                CREATE FUNCTION "TaxIds_Count"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP = 'INSERT' THEN
                    UPDATE "Customers" SET "TaxIdCount" = "TaxIdCount" + 1 WHERE "Id" = NEW."CustomerId";
                  ELSE
                    UPDATE "Customers" SET "TaxIdCount" = "TaxIdCount" - 1 WHERE "Id" = OLD."CustomerId";
                  END IF;
                  RETURN NULL;
                END $$;
                CREATE TRIGGER "TaxIds_Count" AFTER INSERT OR DELETE ON "TaxIds" FOR EACH ROW EXECUTE FUNCTION "TaxIds_Count"();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "TaxIds_Count" ON "TaxIds"; DROP FUNCTION IF EXISTS "TaxIds_Count"();""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "Customers_Search" ON "Customers"; DROP FUNCTION IF EXISTS "Customers_Search"(); DROP TABLE IF EXISTS "CustomerSearch";""");

            migrationBuilder.DropTable(
                name: "AccountSettings");

            migrationBuilder.DropTable(
                name: "ApiKeys");

            migrationBuilder.DropTable(
                name: "AspNetRoleClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserClaims");

            migrationBuilder.DropTable(
                name: "AspNetUserLogins");

            migrationBuilder.DropTable(
                name: "AspNetUserRoles");

            migrationBuilder.DropTable(
                name: "AspNetUserTokens");

            migrationBuilder.DropTable(
                name: "Charges");

            migrationBuilder.DropTable(
                name: "CreditNotes");

            migrationBuilder.DropTable(
                name: "CustomerBalanceTransactions");

            migrationBuilder.DropTable(
                name: "Customers");

            migrationBuilder.DropTable(
                name: "DataProtectionKeys");

            migrationBuilder.DropTable(
                name: "Discounts");

            migrationBuilder.DropTable(
                name: "IdempotentRequests");

            migrationBuilder.DropTable(
                name: "InvoiceItems");

            migrationBuilder.DropTable(
                name: "Invoices");

            migrationBuilder.DropTable(
                name: "OutboxMessages");

            migrationBuilder.DropTable(
                name: "PaymentMethods");

            migrationBuilder.DropTable(
                name: "Refunds");

            migrationBuilder.DropTable(
                name: "Sources");

            migrationBuilder.DropTable(
                name: "TaxIds");

            migrationBuilder.DropTable(
                name: "TaxRates");

            migrationBuilder.DropTable(
                name: "Tokens");

            migrationBuilder.DropTable(
                name: "AspNetRoles");

            migrationBuilder.DropTable(
                name: "AspNetUsers");

            migrationBuilder.DropTable(
                name: "Coupons");
        }
    }
}
