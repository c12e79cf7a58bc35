package jp.kaigi.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the requests Netty's HTTP decoder could not read, which never reach the router: a request
 * line over {@link HttpServer#MAX_REQUEST_LINE} is {@code 414 uri-too-long}, headers over {@link
 * HttpServer#MAX_HEADER_SIZE} are {@code 431 headers-too-large}, anything else the decoder refused
 * (a malformed request line, a {@code Content-Length} that is no number) is {@code 400
 * bad-request}. Vert.x's own handler ({@code HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER})
 * sends the same statuses with an empty body. As there, the connection is closed after the answer:
 * what follows on it cannot be trusted to be framed right.
 */
public final class InvalidRequestHandler implements Handler<HttpServerRequest> {
  private static final Logger LOG = LoggerFactory.getLogger(InvalidRequestHandler.class);

  @Override
  public void handle(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    Problem problem = problemFor(cause);
    LOG.info(
        "event=http.request_refused status={} error={}", problem.status(), String.valueOf(cause));
    HttpConnection connection = request.connection();
    // Vert.x reports the decoder's failure to the connection once more after the answer; it is
    // logged above, and this connection ends here.
    connection.exceptionHandler(
        e -> LOG.debug("event=http.request_refused.closing error={}", e.toString()));
    // No instance: the request target is what could not be read (Netty puts "/bad-request").
    ProblemHandler.write(request.response(), problem, null).onComplete(v -> connection.close());
  }

  static Problem problemFor(Throwable cause) {
    if (cause instanceof TooLongHttpLineException) {
      return new Problem(
          414,
          "uri-too-long",
          "Request line too long",
          "The request line is over " + bytes(HttpServer.MAX_REQUEST_LINE),
          null);
    }
    if (cause instanceof TooLongHttpHeaderException) {
      return new Problem(
          431,
          "headers-too-large",
          "Request headers too large",
          "The request headers are over " + bytes(HttpServer.MAX_HEADER_SIZE),
          null);
    }
    return Problem.badRequest(
        "bad-request",
        "The request could not be read as HTTP (a malformed request line or header)");
  }

  private static String bytes(int n) {
    return String.format(Locale.ROOT, "%,d bytes", n);
  }
}
