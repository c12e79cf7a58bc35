package jp.kaigi.office.alert;

/** A condition to raise: what, about whom, and the value that crossed the band. */
public record Alert(
    String subject,
    String kind,
    String deviceId,
    String site,
    String floor,
    String room,
    Double value,
    String detail) {}
