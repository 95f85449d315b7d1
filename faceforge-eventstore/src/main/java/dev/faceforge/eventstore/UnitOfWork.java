package dev.faceforge.eventstore;

/**
 * One command's work inside the writer's transaction: read current state through the session's
 * connection, decide, append. Everything it appends commits or rolls back together, on its own
 * savepoint, so a failing unit never fails the other units batched into the same transaction.
 */
@FunctionalInterface
public interface UnitOfWork<T> {
  T run(WriteSession session) throws Exception;
}
