package jp.kaigi.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClosedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ProblemHandlerTest {

  @Test
  @DisplayName("a client closing or resetting the connection mid-response is not an error of ours")
  void clientAborts() {
    assertThat(ProblemHandler.isClientAbort(new HttpClosedException("Connection was closed")))
        .isTrue();
    assertThat(ProblemHandler.isClientAbort(new ClosedChannelException())).isTrue();
    assertThat(ProblemHandler.isClientAbort(new VertxException("Pipe closed"))).isTrue();
    assertThat(ProblemHandler.isClientAbort(new java.net.SocketException("Connection reset")))
        .isTrue();
    // What Netty's epoll transport reports (a subclass of IOException with the OS message).
    assertThat(
            ProblemHandler.isClientAbort(
                new IOException("writevAddresses(..) failed: Connection reset by peer")))
        .isTrue();
    assertThat(
            ProblemHandler.isClientAbort(new IOException("writeAddress(..) failed: Broken pipe")))
        .isTrue();
    assertThat(
            ProblemHandler.isClientAbort(
                new UncheckedIOException(new IOException("Connection reset by peer"))))
        .isTrue();
  }

  @Test
  @DisplayName("real failures stay errors")
  void realErrors() {
    assertThat(ProblemHandler.isClientAbort(new IOException("No space left on device"))).isFalse();
    assertThat(ProblemHandler.isClientAbort(new java.nio.file.NoSuchFileException("/data/blob")))
        .isFalse();
    assertThat(ProblemHandler.isClientAbort(new VertxException("boom"))).isFalse();
    assertThat(ProblemHandler.isClientAbort(new IllegalStateException("bug"))).isFalse();
  }
}
