package jp.kaigi.meeting;

import java.util.Optional;

/**
 * What one caller may do in one meeting. Other features (documents, sync, search) ask {@link
 * MeetingService#access} for this instead of reading the participant tables themselves.
 *
 * @param manager clerk or admin: sees and manages every meeting
 * @param role the caller's meeting role, if they take part
 */
public record MeetingAccess(Meeting meeting, boolean manager, Optional<MeetingRole> role) {

  /** May run page sync: the meeting's host, or a clerk/admin. */
  public boolean mayHost() {
    return manager || role.filter(r -> r == MeetingRole.HOST).isPresent();
  }

  public boolean participates() {
    return role.isPresent();
  }
}
