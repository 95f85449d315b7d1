package dev.faceforge.verticles.live;

/**
 * Tells, once per heartbeat, whether a stream has stalled: its write queue was full at two heartbeats in a row
 * and nothing was sent in between. A slow reader still makes progress between beats; a client that stopped
 * reading does not. Used on the stream's context only.
 */
final class StallDetector {
  private long sentAtLastBeat = -1;
  private boolean stuckAtLastBeat;

  /** Called at each heartbeat with the write queue's state and the last position sent so far. */
  boolean stalled(boolean writeQueueFull, long lastSent) {
    boolean stuck = writeQueueFull && lastSent == sentAtLastBeat;
    boolean stalled = stuck && stuckAtLastBeat;
    stuckAtLastBeat = stuck;
    sentAtLastBeat = lastSent;
    return stalled;
  }
}
