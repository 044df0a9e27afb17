using System.Threading.Channels;
using BillingDashboard.Domain.Events;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BillingDashboard.Data;

/// <summary>
/// Writes that share the store's writer. A write is a function of a context: it reads what its rules need, checks
/// them, and changes entities; the writer saves what it left unsaved and answers only once that is committed.
/// </summary>
/// <remarks>
/// <para>
/// On SQLite, one loop takes every write waiting at that moment (up to <see cref="MaxBatch"/>) and runs them one after
/// another in one transaction on one connection, each inside its own savepoint, then commits them together: one
/// commit, and so one flush to disk, for the whole batch (group commit). A write whose rules refuse it is rolled back
/// to its savepoint and answered with its refusal; the others go on and are committed. Nothing is answered as saved
/// before the commit returns, so a crash after an answer never loses the write, and a failed commit fails every
/// write of its batch. Each write sees the ones before it in the batch, exactly as if they had run one at a time.
/// </para>
/// <para>
/// On PostgreSQL each write runs in a transaction of its own, under <see cref="PostgreSql.WriteLock"/>: several
/// instances write to one server, so there is no one process that could batch them.
/// </para>
/// </remarks>
public sealed class StoreWriter : IAsyncDisposable
{
    /// <summary>At most this many writes share a commit, so that the first of a long queue is not kept waiting by the last.</summary>
    public const int MaxBatch = 128;

    private const string WriteSavepoint = "store_write";

    private readonly IDbContextFactory<BillingDbContext> _databases;
    private readonly ILogger<StoreWriter> _logger;
    private readonly Channel<PendingWrite>? _queue;
    private readonly Task _loop = Task.CompletedTask;

    public StoreWriter(IDbContextFactory<BillingDbContext> databases, Store store, ILogger<StoreWriter> logger)
    {
        _databases = databases;
        _logger = logger;
        if (store.Provider == StoreProvider.Sqlite)
        {
            // Not marked single-reader, although it is: only the general channel can count what waits in it.
            _queue = Channel.CreateUnbounded<PendingWrite>();
            _loop = Task.Run(RunBatchesAsync);
        }
    }

    /// <summary>How many writes wait for the running batch to commit (none on PostgreSQL, where nothing queues here).</summary>
    public int Waiting => _queue?.Reader.Count ?? 0;

    /// <summary>Runs <paramref name="write"/> as one all-or-nothing write and returns its result once it is committed.</summary>
    /// <remarks>
    /// The write must do all its reading and writing through the context it is given: a second context of its own
    /// would wait for the writer that is running it. On SQLite it is given no cancellation token: cancelling a
    /// statement interrupts the whole connection, and with it the other writes of the batch. A write still
    /// waiting when <paramref name="cancellationToken"/> is cancelled is not run.
    /// </remarks>
    public async Task<T> WriteAsync<T>(Func<BillingDbContext, CancellationToken, Task<T>> write, CancellationToken cancellationToken = default)
    {
        if (_queue is null)
        {
            return await WriteAloneAsync(write, cancellationToken);
        }
        var pending = new PendingWrite<T>(write, cancellationToken);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new InvalidOperationException("The app is stopping: the write was not run.");
        }
        return await pending.Answer;
    }

    public Task WriteAsync(Func<BillingDbContext, CancellationToken, Task> write, CancellationToken cancellationToken = default) =>
        WriteAsync(async (db, token) =>
        {
            await write(db, token);
            return true;
        }, cancellationToken);

    /// <summary>The writes queued before the app stopped are still run and answered.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue?.Writer.TryComplete();
        await _loop;
    }

    private async Task<T> WriteAloneAsync<T>(Func<BillingDbContext, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        await using var db = await _databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await write(db, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private async Task RunBatchesAsync()
    {
        var reader = _queue!.Reader;
        var batch = new List<PendingWrite>(MaxBatch);
        while (await reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && reader.TryRead(out var pending))
            {
                if (!pending.AbandonIfCancelled())
                {
                    batch.Add(pending);
                }
            }
            if (batch.Count > 0)
            {
                await RunBatchAsync(batch);
            }
        }
    }

    private async Task RunBatchAsync(List<PendingWrite> batch)
    {
        var written = new List<PendingWrite>(batch.Count);
        try
        {
            await using var db = await _databases.CreateDbContextAsync();
            await db.Database.OpenConnectionAsync();
            // The commit that takes the write-ahead log past this many pages copies it into the database file, and
            // waits for that. SQLite's default, 1,000 pages (4 MB), made an import checkpoint at nearly every batch of
            // a thousand customers; at 10,000 a checkpoint copies a page that many commits changed once, not each time.
            // Each write's savepoint keeps the pages it changes in a journal, which SQLite moves to a temporary file
            // past 64 KB unless temporary storage is in memory: a new customer (its row, a dozen indexes, the search
            // index, its event) went past that, and each POST /v1/customers created, wrote and deleted a file. So the
            // writer's connection keeps it in memory while it writes, and hands the pool back SQLite's default, under
            // which a reader's big sort spills to disk rather than filling memory.
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_autocheckpoint = 10000; PRAGMA temp_store = MEMORY;");
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync();
                // Each write has its savepoint below; EF Core's own, around each save, would only double the statements.
                db.Database.AutoSavepointsEnabled = false;
                foreach (var pending in batch)
                {
                    await transaction.CreateSavepointAsync(WriteSavepoint);
                    try
                    {
                        await pending.RunAsync(db);
                        await db.SaveChangesAsync();
                        await transaction.ReleaseSavepointAsync(WriteSavepoint);
                        written.Add(pending);
                    }
                    catch (Exception refusal) when (refusal is not OutOfMemoryException)
                    {
                        // This write alone is undone and answered; the batch goes on. Should the rollback itself fail,
                        // the connection is broken and the whole batch fails below.
                        await transaction.RollbackToSavepointAsync(WriteSavepoint);
                        await transaction.ReleaseSavepointAsync(WriteSavepoint);
                        pending.Fail(refusal);
                    }
                    finally
                    {
                        db.ChangeTracker.Clear();
                    }
                }
                await transaction.CommitAsync();
            }
            finally
            {
                db.Database.AutoSavepointsEnabled = true;
                await HandBackAsync(db);
            }
        }
        catch (Exception failure)
        {
            _logger.LogError(failure, "A batch of {Count} writes failed to commit; each is answered with the failure.", batch.Count);
            foreach (var pending in batch)
            {
                pending.Fail(failure);
            }
            return;
        }
        foreach (var pending in written)
        {
            pending.Complete();
        }
    }

    /// <summary>
    /// Closes the writer's connection, back to the pool with SQLite's default temporary storage. Should that reset
    /// fail, the batch's answers stand (it committed or failed already) and the connection is dropped, not pooled.
    /// </summary>
    private async Task HandBackAsync(BillingDbContext db)
    {
        try
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA temp_store = DEFAULT");
        }
        catch (SqliteException failure)
        {
            _logger.LogWarning(failure, "The writer's connection could not be reset; it is closed rather than pooled.");
            SqliteConnection.ClearPool((SqliteConnection)db.Database.GetDbConnection());
        }
        await db.Database.CloseConnectionAsync();
    }

    private abstract class PendingWrite
    {
        public abstract Task RunAsync(BillingDbContext db);

        public abstract void Complete();

        /// <summary>Answers with the failure, unless the write was answered already.</summary>
        public abstract void Fail(Exception failure);

        /// <summary>Whether the caller stopped waiting before the write ran; it is then answered as cancelled.</summary>
        public abstract bool AbandonIfCancelled();
    }

    private sealed class PendingWrite<T>(Func<BillingDbContext, CancellationToken, Task<T>> write, CancellationToken cancellationToken) : PendingWrite
    {
        private readonly TaskCompletionSource<T> _answer = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Answer => _answer.Task;

        /// <summary>Who asked for the write: it runs on the writer's loop, where the caller's origin does not flow.</summary>
        private readonly ChangeOrigin? _origin = ChangeOrigin.Current;

        public override async Task RunAsync(BillingDbContext db)
        {
            ChangeOrigin.Current = _origin;
            _result = await write(db, CancellationToken.None);
        }

        public override void Complete() => _answer.TrySetResult(_result);

        public override void Fail(Exception failure) => _answer.TrySetException(failure);

        public override bool AbandonIfCancelled() => cancellationToken.IsCancellationRequested && _answer.TrySetCanceled(cancellationToken);
    }
}
