package jp.kaigi.auth;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * System-wide roles. Meeting roles (host, member, observer) are separate: see the meeting feature.
 */
public enum Role {
  /** Manages accounts and everything else. */
  ADMIN,
  /** 議会事務局: manages meetings and documents. */
  CLERK,
  /** May run a meeting's page sync (chair, presenter). */
  HOST,
  /** Council member or department head: reads what they are invited to. */
  MEMBER,
  /** Watches the office: devices, occupancy, environment, alerts. */
  FACILITIES;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> parse(String s) {
    for (Role r : values()) {
      if (r.wire().equals(s)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }

  /** Roles stored as a comma-separated column. */
  public static Set<Role> fromColumn(String column) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String part : column.split(",")) {
      parse(part.trim()).ifPresent(roles::add);
    }
    return roles;
  }

  public static String toColumn(Set<Role> roles) {
    return roles.stream().map(Role::wire).sorted().collect(Collectors.joining(","));
  }
}
