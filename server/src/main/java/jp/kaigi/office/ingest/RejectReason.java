package jp.kaigi.office.ingest;

import java.util.Locale;

/** Why a message was not applied; each is a label of {@code kaigi_office_rejected_total}. */
public enum RejectReason {
  BAD_TOPIC,
  UNKNOWN_DEVICE,
  WRONG_SITE,
  TOO_LARGE,
  NOT_JSON,
  NOT_OBJECT,
  WRONG_TYPE,
  OUT_OF_RANGE,
  BAD_STATUS,
  /** Broker: wrong or missing device secret, unknown device. */
  AUTH_FAILED,
  /** Broker: a device published outside its own topics, or tried to subscribe. */
  NOT_AUTHORIZED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
