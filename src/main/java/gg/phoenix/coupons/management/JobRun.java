package gg.phoenix.coupons.management;

import gg.phoenix.coupons.api.ApiException;
import gg.phoenix.coupons.events.EventTypes;
import gg.phoenix.coupons.events.Outbox;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a claimed job's codes in chunks (JOB_CHUNK_SIZE). Each chunk is one transaction: its codes and the job's
 * progress commit together, and only while the claim holds, so a job resumed elsewhere starts exactly where the
 * last committed chunk ended. Unassigned codes go in {@link #LANES} lanes (PostgreSQL works on one lane's chunk while
 * the other's is drawn); players' codes in one, chunk after chunk, so that progress names who has one. After each
 * chunk its lane pauses as {@link JobPacing} says, so that the job leaves the database to foreground work.
 */
final class JobRun {

  static final int LANES = 2;
  /**
   * Rows a revocation or an import walks per transaction. These walks are not paced: a leaked batch is stopped, and
   * an upload checked, as fast as the bulk lane allows.
   */
  static final int WALK_CHUNK = 5000;
  /** A chunk or the completion that failed on the database (a dropped connection, a timeout) is tried this often. */
  private static final int ATTEMPTS = 3;
  private static final long RETRY_DELAY_MS = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(JobRun.class);

  /**
   * The claim was taken over, the job is gone, or its progress already counts this chunk (a commit whose answer was
   * lost, then tried again): write nothing more, report nothing. A job still under this claim is released, to be
   * claimed again at the next poll and resumed from what committed.
   */
  static final class ClaimLost extends RuntimeException {
    ClaimLost() {
      super("claim lost", null, false, false);
    }
  }

  private final Vertx vertx;
  private final Pool pool;
  private final ClaimedJob job;
  private final JobPacing pacing;
  private final BooleanSupplier stopping;
  /** The lanes' pauses under way, by timer. */
  private final Map<Long, Promise<Void>> pauses = new HashMap<>();
  private Future<Void> ended;
  private int reserved;
  /** The first failure of a lane, or the claim found lost: the other lanes end at their next step. */
  private Throwable failure;

  JobRun(Vertx vertx, Pool pool, ClaimedJob job, JobPacing pacing, BooleanSupplier stopping) {
    this.vertx = vertx;
    this.pool = pool;
    this.job = job;
    this.pacing = pacing;
    this.stopping = stopping;
    this.reserved = job.done();
  }

  /** Completes when the job is done, failed, lost to another instance, or left to be taken over (stopping). */
  Future<Void> run() {
    if (job.imports()) {
      ended = importFrom(job.cursorRow())
          .compose(v -> stopping.getAsBoolean() ? Future.succeededFuture() : completeImport())
          .recover(this::ended);
      return ended;
    }
    if (job.revokes()) {
      ended = revokeFrom(job.cursor())
          .compose(v -> stopping.getAsBoolean() ? Future.succeededFuture() : completeRevocation())
          .recover(this::ended);
      return ended;
    }
    int lanes = job.userIds() == null ? LANES : 1;
    List<Future<Void>> running = new ArrayList<>();
    for (int i = 0; i < lanes; i++) {
      running.add(lane(new BufferedSecureRandom()).onFailure(this::halt));
    }
    // Ended once every lane has: a run that ended with a chunk still under way would give its place back (and its
    // job, released, could be claimed again) while that chunk still writes.
    ended = Future.join(running)
        .transform(all -> failure != null ? Future.<Void>failedFuture(failure)
            : all.failed() ? Future.<Void>failedFuture(all.cause())
            : stopping.getAsBoolean() ? Future.<Void>succeededFuture() : complete())
        .recover(this::ended);
    return ended;
  }

  /**
   * For an instance that stops (after setting what {@code stopping} reads): ends the lanes' pauses at once, so that
   * the run ends as soon as its chunks in flight have committed, which the answer waits for.
   */
  Future<Void> stop() {
    endPauses();
    return ended;
  }

  /**
   * For a run whose claim the heartbeat no longer found (the job was taken over while this instance paused it, or
   * removed): ends the lanes' pauses, and they write nothing more, so that the run gives its place back now rather
   * than at the end of its pause.
   */
  void lost() {
    halt(new ClaimLost());
  }

  private void halt(Throwable err) {
    if (failure == null) {
      failure = err;
    }
    endPauses();
  }

  private void endPauses() {
    List<Map.Entry<Long, Promise<Void>>> pending = List.copyOf(pauses.entrySet());
    pauses.clear();
    for (Map.Entry<Long, Promise<Void>> pause : pending) {
      vertx.cancelTimer(pause.getKey());
      pause.getValue().tryComplete();
    }
  }

  private Future<Void> lane(BufferedSecureRandom random) {
    if (stopping.getAsBoolean() || failure != null || reserved >= job.total()) {
      return Future.succeededFuture();
    }
    int from = reserved;
    int count = Math.min(pacing.chunkSize(), job.total() - from);
    reserved += count;
    // From when the chunk is due: the time it waited for a bulk connection counts, so a busy lane backs off more.
    long due = System.nanoTime();
    return retried("chunk at " + from, () -> pool.withTransaction(conn -> chunk(conn, from, count, random)), 1)
        // Nothing left to reserve: no pause, which would only keep a written job from being done (and its slots held).
        .compose(v -> reserved >= job.total() ? Future.<Void>succeededFuture() : pause(pacing.pauseMs(System.nanoTime() - due)))
        .compose(v -> lane(random));
  }

  private Future<Void> pause(long ms) {
    if (ms == 0 || stopping.getAsBoolean() || failure != null) {
      return Future.succeededFuture();
    }
    Promise<Void> pause = Promise.promise();
    long timer = vertx.setTimer(ms, t -> {
      pauses.remove(t);
      pause.tryComplete();
    });
    pauses.put(timer, pause);
    return pause.future();
  }

  /**
   * Runs a step of the job, trying it again after a database failure (a dropped connection, a timeout), so that a
   * fault costs the step's redo, not the job. A step whose commit's answer was lost finds, tried again, that it is
   * already counted: ClaimLost.
   */
  private Future<Void> retried(String step, Supplier<Future<Void>> work, int attempt) {
    return work.get().recover(err -> {
      if (err instanceof ApiException || err instanceof ClaimLost || attempt >= ATTEMPTS || stopping.getAsBoolean()) {
        return Future.failedFuture(err);
      }
      LOG.warn("Generation job {}: {} failed ({}), trying again", job.id(), step, JobErrors.of(err), err);
      Promise<Void> later = Promise.promise();
      vertx.setTimer(RETRY_DELAY_MS, t -> retried(step, work, attempt + 1).onComplete(later));
      return later.future();
    });
  }

  private Future<Void> chunk(SqlConnection conn, int from, int count, BufferedSecureRandom random) {
    Future<?> written = job.userIds() == null
        ? CodeWriter.insertUnassigned(conn, job.plan(), count, random)
        : CodeWriter.insert(conn, job.plan(), job.userIds().subList(from, from + count), random);
    Integer expectedFrom = job.userIds() == null ? null : from;
    return written
        .compose(v -> conn.preparedQuery(JobSql.RECORD_CHUNK).execute(Tuple.of(job.id(), job.claim(), count, expectedFrom, job.plan().tenantId())))
        .compose(rows -> rows.size() == 1 ? Future.succeededFuture() : Future.failedFuture(new ClaimLost()));
  }

  /**
   * Revokes the batch chunk after chunk, each in its own transaction with the job's progress and where its walk
   * stands, until a chunk finds no code after {@code cursor}.
   */
  private Future<Void> revokeFrom(UUID cursor) {
    if (stopping.getAsBoolean()) {
      return Future.succeededFuture();
    }
    UUID after = cursor == null ? new UUID(0, 0) : cursor;
    UUID[] last = new UUID[1]; // set by the attempt that commits, the last one
    return retried("revocation after " + after, () -> pool.withTransaction(conn ->
        Batches.revokeChunk(conn, job.plan().tenantId(), job.plan().definitionId(), job.plan().batchId(), after, WALK_CHUNK).compose(chunk -> {
          last[0] = chunk.examined() == 0 ? null : chunk.lastId();
          return chunk.examined() == 0 ? Future.<Void>succeededFuture()
              : conn.preparedQuery(JobSql.RECORD_REVOKE_CHUNK)
                  .execute(Tuple.of(job.id(), job.claim(), chunk.examined(), chunk.lastId(), cursor, job.plan().tenantId()))
                  .compose(rows -> rows.size() == 1 ? Future.<Void>succeededFuture() : Future.<Void>failedFuture(new ClaimLost()));
        })), 1)
        .compose(v -> last[0] == null ? Future.succeededFuture() : revokeFrom(last[0]));
  }

  /**
   * Checks and moves the staged rows chunk after chunk ({@link CodeImports#chunk}), each in its own transaction with
   * the job's counts and the row it reached, until no row is left after {@code after}.
   */
  private Future<Void> importFrom(int after) {
    if (stopping.getAsBoolean()) {
      return Future.succeededFuture();
    }
    Integer[] last = new Integer[1]; // set by the attempt that commits, the last one
    return retried("import after row " + after, () -> pool.withTransaction(conn ->
        CodeImports.chunk(conn, job, after, WALK_CHUNK).compose(chunk -> {
          last[0] = chunk == null ? null : chunk.lastRow();
          return chunk == null ? Future.<Void>succeededFuture()
              : conn.preparedQuery(ImportSql.RECORD_CHUNK)
                  .execute(Tuple.of(job.id(), job.claim(), chunk.rows(), chunk.imported(), chunk.lastRow(), after))
                  .compose(rows -> rows.size() == 1 ? Future.<Void>succeededFuture() : Future.<Void>failedFuture(new ClaimLost()));
        })), 1)
        .compose(v -> last[0] == null ? Future.succeededFuture() : importFrom(last[0]));
  }

  /** Marks the import done, while the claim holds. */
  private Future<Void> completeImport() {
    return retried("completion", () -> pool.withTransaction(conn -> conn.preparedQuery(JobSql.COMPLETE_WALK)
        .execute(Tuple.of(job.id(), job.claim(), job.plan().tenantId()))
        .compose(rows -> rows.size() == 1 ? Future.<Void>succeededFuture() : Future.<Void>failedFuture(new ClaimLost()))), 1);
  }

  /** Marks the revocation done and writes its coupon.batch_revoked event, in one transaction, while the claim holds. */
  private Future<Void> completeRevocation() {
    return retried("completion", () -> pool.withTransaction(conn -> conn.preparedQuery(JobSql.COMPLETE_WALK)
        .execute(Tuple.of(job.id(), job.claim(), job.plan().tenantId()))
        .compose(rows -> rows.size() == 1
            ? Batches.row(conn, job.plan().tenantId(), job.plan().batchId().toString())
                .compose(batch -> Batches.revoked(conn, job.plan().tenantId(), batch))
            : Future.failedFuture(new ClaimLost()))), 1);
  }

  /** Marks the job done and writes its coupon.generation_completed event, in one transaction, while the claim holds. */
  private Future<Void> complete() {
    JsonObject fields = new JsonObject()
        .put("job_id", job.id().toString())
        .put("definition_id", job.plan().definitionId().toString())
        .put("total", job.total());
    return retried("completion", () -> pool.withTransaction(conn -> conn.preparedQuery(JobSql.COMPLETE)
        .execute(Tuple.of(job.id(), job.claim(), job.plan().tenantId()))
        .compose(rows -> rows.size() == 1
            ? Outbox.write(conn, EventTypes.GENERATION_COMPLETED, job.plan().tenantId(), fields).<Void>mapEmpty()
            : Future.failedFuture(new ClaimLost()))), 1);
  }

  private Future<Void> ended(Throwable err) {
    if (err instanceof ClaimLost) {
      LOG.info("Generation job {} was taken over, removed, or already holds this chunk; this instance stops writing it", job.id());
      return release();
    }
    if (stopping.getAsBoolean()) {
      return Future.succeededFuture();
    }
    String category = JobErrors.of(err);
    LOG.error("Generation job {} failed ({})", job.id(), category, err);
    return pool.preparedQuery(JobSql.FAIL).execute(Tuple.of(job.id(), job.claim(), category, job.plan().tenantId())).<Void>mapEmpty()
        .recover(again -> {
          LOG.error("Generation job {}: could not record its failure; another instance will take it over", job.id(), again);
          return Future.succeededFuture();
        });
  }

  /**
   * A job whose claim is still this run's (a chunk found already counted: its commit's answer was lost) is left for
   * the next poll to claim again and resume from what committed, rather than after JOB_TAKEOVER_MS. A job taken
   * over or removed is not touched.
   */
  private Future<Void> release() {
    return pool.preparedQuery(JobSql.RELEASE).execute(Tuple.of((Object) new String[] {job.claim()})).<Void>mapEmpty()
        .recover(err -> {
          LOG.warn("Generation job {}: could not release it; it is taken over after JOB_TAKEOVER_MS", job.id(), err);
          return Future.succeededFuture();
        });
  }
}
