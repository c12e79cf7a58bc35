package jp.kaigi.office.broker;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.PublishAuthorizer;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.PublishAuthorizerOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.events.client.ClientLifecycleEventListener;
import com.hivemq.extension.sdk.api.events.client.parameters.AuthenticationSuccessfulInput;
import com.hivemq.extension.sdk.api.events.client.parameters.ConnectionStartInput;
import com.hivemq.extension.sdk.api.events.client.parameters.DisconnectEventInput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HiveMQ CE embedded in the node (STACK.md trap 3): in-memory persistence, no usage statistics, our
 * logback config kept, the JVM's uncaught-exception handler restored, raised receive-maximum and
 * queue limits, listening on loopback by default. Its extension authenticates devices against the
 * registry and authorizes topics through {@link BrokerAccess}.
 */
public final class EmbeddedBroker {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);

  private final Path home;
  private final String host;
  private final int port;
  private final BrokerAccess access;
  private final BiConsumer<String, String> rejected;
  private EmbeddedHiveMQ hivemq;

  /**
   * @param rejected told (reason, client id) about every refused connect, publish or subscribe
   */
  public EmbeddedBroker(
      Path home, String host, int port, BrokerAccess access, BiConsumer<String, String> rejected) {
    this.home = home;
    this.host = host;
    this.port = port;
    this.access = access;
    this.rejected = rejected;
  }

  /** Blocking (~1–2 s): call from a worker. */
  public void start() throws IOException {
    Path conf = home.resolve("conf");
    Path data = home.resolve("data");
    Path ext = home.resolve("extensions");
    deleteTree(data); // in-memory broker: nothing in data/ is worth keeping across starts
    Files.createDirectories(conf);
    Files.createDirectories(data);
    Files.createDirectories(ext);
    Files.writeString(conf.resolve("config.xml"), configXml(), StandardCharsets.UTF_8);
    Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
    hivemq =
        EmbeddedHiveMQ.builder()
            .withConfigurationFolder(conf)
            .withDataFolder(data)
            .withExtensionsFolder(ext)
            .withoutLoggingBootstrap()
            .withEmbeddedExtension(
                EmbeddedExtension.builder()
                    .withId("kaigi-registry-auth")
                    .withName("Kaigi device registry auth")
                    .withVersion("1")
                    .withPriority(1000)
                    .withStartPriority(1000)
                    .withExtensionMain(new Extension())
                    .build())
            .build();
    try {
      hivemq.start().join();
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(before);
    }
    LOG.info("event=office.broker.started host={} port={}", host, port);
  }

  String configXml() {
    return """
        <?xml version="1.0"?>
        <hivemq>
          <listeners>
            <tcp-listener>
              <port>%d</port>
              <bind-address>%s</bind-address>
            </tcp-listener>
          </listeners>
          <mqtt>
            <queued-messages>
              <max-queue-size>100000</max-queue-size>
              <strategy>discard-oldest</strategy>
            </queued-messages>
            <topic-alias>
              <enabled>false</enabled>
            </topic-alias>
            <receive-maximum>
              <server-receive-maximum>1000</server-receive-maximum>
            </receive-maximum>
            <packets>
              <max-packet-size>268435460</max-packet-size>
            </packets>
          </mqtt>
          <persistence>
            <mode>in-memory</mode>
          </persistence>
          <anonymous-usage-statistics>
            <enabled>false</enabled>
          </anonymous-usage-statistics>
        </hivemq>
        """
        .formatted(port, host);
  }

  /** Blocking (~4 s). */
  public void stop() {
    if (hivemq == null) {
      return;
    }
    Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
    try {
      hivemq.close();
    } catch (Exception e) {
      LOG.warn("event=office.broker.stop_failed error={}", e.toString());
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(before);
      hivemq = null;
    }
    try {
      deleteTree(home.resolve("data"));
    } catch (IOException e) {
      LOG.debug("event=office.broker.cleanup_failed error={}", e.toString());
    }
    LOG.info("event=office.broker.stopped");
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(p)) {
      for (Path x : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(x);
      }
    }
  }

  private final class Extension implements ExtensionMain {
    @Override
    public void extensionStart(ExtensionStartInput in, ExtensionStartOutput out) {
      Services.securityRegistry().setAuthenticatorProvider(input -> new Authenticator());
      Authorizer authorizer = new Authorizer();
      Services.securityRegistry().setAuthorizerProvider(input -> authorizer);
      Services.eventRegistry()
          .setClientLifecycleEventListener(
              input ->
                  new ClientLifecycleEventListener() {
                    @Override
                    public void onMqttConnectionStart(ConnectionStartInput i) {}

                    @Override
                    public void onAuthenticationSuccessful(AuthenticationSuccessfulInput i) {}

                    @Override
                    public void onDisconnect(DisconnectEventInput i) {
                      access.disconnected(i.getClientInformation().getClientId());
                    }
                  });
    }

    @Override
    public void extensionStop(ExtensionStopInput in, ExtensionStopOutput out) {}
  }

  private final class Authenticator implements SimpleAuthenticator {
    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
      var connect = input.getConnectPacket();
      String clientId = connect.getClientId();
      String user = connect.getUserName().orElse(null);
      String password =
          connect
              .getPassword()
              .map(
                  b -> {
                    ByteBuffer copy = b.asReadOnlyBuffer();
                    byte[] bytes = new byte[copy.remaining()];
                    copy.get(bytes);
                    return new String(bytes, StandardCharsets.UTF_8);
                  })
              .orElse(null);
      if (access.authenticate(clientId, user, password)) {
        output.authenticateSuccessfully();
      } else {
        rejected.accept("auth-failed", user != null ? user : clientId);
        output.failAuthentication(
            ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "unknown device or wrong secret");
      }
    }
  }

  private final class Authorizer implements PublishAuthorizer, SubscriptionAuthorizer {
    @Override
    public void authorizePublish(PublishAuthorizerInput input, PublishAuthorizerOutput output) {
      String clientId = input.getClientInformation().getClientId();
      String topic = input.getPublishPacket().getTopic();
      if (access.mayPublish(clientId, topic)) {
        output.authorizeSuccessfully();
      } else {
        rejected.accept("not-authorized", clientId + " → " + topic);
        output.failAuthorization(
            AckReasonCode.NOT_AUTHORIZED, "a device publishes only under its own id");
      }
    }

    @Override
    public void authorizeSubscribe(
        SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
      String clientId = input.getClientInformation().getClientId();
      if (access.maySubscribe(clientId)) {
        output.authorizeSuccessfully();
      } else {
        rejected.accept("not-authorized", clientId + " subscribe");
        output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, "devices do not subscribe");
      }
    }
  }
}
