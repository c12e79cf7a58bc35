package jp.kaigi.sync.internal;

/** Where {@link AckReader} hands a plain ack, on the socket's event loop. */
@FunctionalInterface
public interface AckSink {
  /** True when taken; false sends the frame on through Vert.x as any other message. */
  boolean onAck(AckFrame ack);
}
