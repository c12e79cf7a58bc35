package jp.kaigi.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;

/**
 * What the node logs while a test runs (Logback, the node's backend): every event that reaches the
 * root logger at its configured level, plus the named loggers opened down to DEBUG for the test.
 * Closing detaches it and puts the levels back.
 */
public final class LogCapture implements AutoCloseable {
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger root;
  private final Map<Logger, Level> levels = new HashMap<>();

  private LogCapture(String... debugLoggers) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    for (String name : debugLoggers) {
      Logger logger = context.getLogger(name);
      levels.put(logger, logger.getLevel());
      logger.setLevel(Level.DEBUG);
    }
    appender.setContext(context);
    appender.start();
    root.addAppender(appender);
  }

  /** Starts capturing; {@code debugLoggers} (e.g. {@code "jp.kaigi.http"}) log DEBUG meanwhile. */
  public static LogCapture start(String... debugLoggers) {
    return new LogCapture(debugLoggers);
  }

  /** The events so far (a copy). */
  public List<ILoggingEvent> events() {
    synchronized (appender) { // AppenderBase.doAppend holds this lock while adding
      return List.copyOf(appender.list);
    }
  }

  /** The events so far at this level or above. */
  public List<ILoggingEvent> atLeast(Level level) {
    return events().stream().filter(e -> e.getLevel().isGreaterOrEqual(level)).toList();
  }

  /** An event as one line for an assertion's message: level, logger, message, exception. */
  public static String describe(ILoggingEvent e) {
    String thrown = e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getClassName();
    return e.getLevel() + " " + e.getLoggerName() + " " + e.getFormattedMessage() + thrown;
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
    levels.forEach(Logger::setLevel);
  }
}
