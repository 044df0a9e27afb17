using System.Globalization;
using System.Text;
using BillingDashboard.Domain;
using BillingDashboard.Domain.Customers;
using Bogus;

namespace BillingDashboard.Data.Seeding;

/// <summary>
/// Realistic made-up customers for demos and benchmarks: names, addresses and phones from a dozen countries in their
/// own scripts (Latin, Cyrillic, Greek, Arabic, Han, Kana, Hangul), some with metadata, a currency, a balance, a
/// tax-exempt status or shipping details. The same random seed gives the same people, places and
/// settings (ids are random, as everywhere).
/// </summary>
public sealed class SyntheticCustomers
{
    /// <summary>One market: which Bogus locale names its people, and what they are billed in.</summary>
    private sealed record Market(string Country, string BogusLocale, string PreferredLocale, string Currency, bool FamilyNameFirst, int Weight);

    private static readonly Market[] Markets =
    [
        new("US", "en_US", "en-US", "USD", false, 30),
        new("GB", "en_GB", "en-GB", "GBP", false, 10),
        new("DE", "de", "de-DE", "EUR", false, 10),
        new("FR", "fr", "fr-FR", "EUR", false, 8),
        new("JP", "ja", "ja-JP", "JPY", true, 8),
        new("BR", "pt_BR", "pt-BR", "BRL", false, 6),
        new("MX", "es_MX", "es-MX", "MXN", false, 5),
        new("CN", "zh_CN", "zh-CN", "CNY", true, 5),
        new("KR", "ko", "ko-KR", "KRW", true, 4),
        new("UA", "uk", "uk-UA", "UAH", false, 4),
        new("GR", "el", "el-GR", "EUR", false, 3),
        new("IN", "en_IND", "en-IN", "INR", false, 4),
        new("AE", "ar", "ar-AE", "AED", false, 3),
    ];

    private static readonly string[] Plans = ["starter", "growth", "pro", "enterprise"];
    private static readonly string[] Channels = ["web", "sales", "partner", "app_store"];
    private static readonly string[] Descriptions =
        ["VIP account", "Annual contract", "Pays by bank transfer", "Referred by a partner", "Migrated from the old system", "Net 30 terms agreed"];

    private readonly Random _random;
    private readonly MarketPool[] _pools;
    private readonly int _totalWeight;

    /// <param name="randomSeed">Fixes every choice, so that a benchmark always measures the same data.</param>
    public SyntheticCustomers(int randomSeed = 20261122)
    {
        _random = new Random(randomSeed);
        // Bogus is slow per call, so each market's names and places are drawn once into pools that rows then combine.
        _pools = Markets.Select((market, index) => new MarketPool(market, randomSeed + index)).ToArray();
        _totalWeight = Markets.Sum(market => market.Weight);
    }

    /// <summary>
    /// <paramref name="count"/> customers created one after another between <paramref name="from"/> and
    /// <paramref name="to"/>, oldest first, as if they had signed up over that time.
    /// </summary>
    public IEnumerable<Customer> Generate(int count, DateTimeOffset from, DateTimeOffset to, Func<long, string> invoicePrefixFor)
    {
        var step = count > 1 ? (to - from).Ticks / count : 0;
        for (var index = 0; index < count; index++)
        {
            yield return Next(from.AddTicks(step * index + _random.NextInt64(Math.Max(step, 1))), invoicePrefixFor(index));
        }
    }

    private Customer Next(DateTimeOffset created, string invoicePrefix)
    {
        var pool = PickPool();
        var market = pool.Market;
        var first = pool.FirstNames[_random.Next(pool.FirstNames.Length)];
        var last = pool.LastNames[_random.Next(pool.LastNames.Length)];
        var name = market.FamilyNameFirst ? $"{last} {first}" : $"{first} {last}";

        var customer = new Customer
        {
            Id = ObjectIds.New(ObjectIds.Customer),
            Created = created,
            InvoicePrefix = invoicePrefix,
            Name = name,
            Email = EmailFor(pool, first, last),
            Phone = Chance(0.6) ? pool.Phones[_random.Next(pool.Phones.Length)] : null,
            Description = Chance(0.15) ? Descriptions[_random.Next(Descriptions.Length)] : null,
        };

        if (Chance(0.85))
        {
            customer.Address = pool.Addresses[_random.Next(pool.Addresses.Length)].Copy();
        }
        if (Chance(0.12))
        {
            customer.Shipping = new Shipping { Name = name, Address = pool.Addresses[_random.Next(pool.Addresses.Length)].Copy() };
        }
        if (Chance(0.5))
        {
            customer.PreferredLocales = [market.PreferredLocale];
        }
        if (Chance(0.3))
        {
            customer.Metadata["plan"] = Plans[_random.Next(Plans.Length)];
            customer.Metadata["crm_id"] = string.Create(CultureInfo.InvariantCulture, $"CRM-{_random.Next(1_000_000):D6}");
            if (Chance(0.5))
            {
                customer.Metadata["channel"] = Channels[_random.Next(Channels.Length)];
            }
        }
        if (Chance(0.7))
        {
            var currency = Currencies.Get(market.Currency);
            if (Chance(0.06))
            {
                // A credit (negative) or amount owed, of up to a few hundred in the major unit; the loader writes it
                // to the ledger as the customer's opening entry.
                customer.AddToBalance((_random.Next(2) == 0 ? -1 : 1) * _random.Next(1, 500) * (long)Math.Pow(10, currency.Exponent), currency);
            }
            else
            {
                customer.LockCurrency(currency, CurrencyLockReason.Set);
            }
        }
        var taxRoll = _random.NextDouble();
        customer.TaxExempt = taxRoll < 0.05 ? TaxExempt.Exempt : taxRoll < 0.08 ? TaxExempt.Reverse : TaxExempt.None;
        return customer;
    }

    private MarketPool PickPool()
    {
        var roll = _random.Next(_totalWeight);
        foreach (var pool in _pools)
        {
            roll -= pool.Market.Weight;
            if (roll < 0)
            {
                return pool;
            }
        }
        return _pools[^1];
    }

    private string EmailFor(MarketPool pool, string first, string last)
    {
        // Addresses are ASCII everywhere; people whose names are in another script pick a Latin handle.
        var local = pool.IsLatin
            ? $"{Ascii(first)}.{Ascii(last)}"
            : pool.Handles[_random.Next(pool.Handles.Length)];
        var number = Chance(0.5) ? _random.Next(1, 10_000).ToString(CultureInfo.InvariantCulture) : "";
        return $"{local}{number}@{pool.Domains[_random.Next(pool.Domains.Length)]}";
    }

    private bool Chance(double probability) => _random.NextDouble() < probability;

    /// <summary>"José Müller" to "jose.muller": strips accents and anything else an email address would not hold.</summary>
    private static string Ascii(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var character in text.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(character))
            {
                builder.Append(char.ToLowerInvariant(character));
            }
        }
        return builder.Length > 0 ? builder.ToString() : "customer";
    }

    private sealed class MarketPool
    {
        private const int Size = 400;

        public MarketPool(Market market, int randomSeed)
        {
            Market = market;
            var faker = new Faker(market.BogusLocale) { Random = new Randomizer(randomSeed) };
            var latinFaker = new Faker("en") { Random = new Randomizer(randomSeed) };
            FirstNames = Draw(() => faker.Name.FirstName());
            LastNames = Draw(() => faker.Name.LastName());
            Phones = Draw(() => PhoneNumber(faker));
            Domains = Draw(() => latinFaker.Internet.DomainName(), 60);
            Handles = Draw(() => latinFaker.Internet.UserName().ToLowerInvariant());
            Addresses = Draw(() => new Address
            {
                Line1 = faker.Address.StreetAddress(),
                Line2 = faker.Random.Bool(0.15f) ? faker.Address.SecondaryAddress() : null,
                City = faker.Address.City(),
                State = faker.Random.Bool(0.6f) ? faker.Address.State() : null,
                PostalCode = faker.Address.ZipCode(),
                Country = market.Country,
            });
            IsLatin = FirstNames.All(name => name.All(character => character < 0x250));
        }

        public Market Market { get; }

        public bool IsLatin { get; }

        public string[] FirstNames { get; }

        public string[] LastNames { get; }

        public string[] Phones { get; }

        public string[] Domains { get; }

        public string[] Handles { get; }

        public Address[] Addresses { get; }

        /// <summary>
        /// Bogus adds extensions ("x123") and some of its formats run past 20 characters: a seeded customer keeps to
        /// what the customer rules accept, or our own export of it would not import again.
        /// </summary>
        private static string PhoneNumber(Faker faker)
        {
            var number = faker.Phone.PhoneNumber().Split(" x")[0];
            return CustomerRules.IsPhoneNumber(number) ? number : faker.Phone.PhoneNumber("+## ### ### ####");
        }

        private static T[] Draw<T>(Func<T> next, int size = Size) => Enumerable.Range(0, size).Select(_ => next()).ToArray();
    }
}
