package jp.kaigi.document;

import java.util.Set;

/**
 * Who may see a document's current version, for features that point tablets at a document (page
 * sync): its meeting, current version and page count, and for a confidential document the users
 * allowed besides meeting managers.
 */
public record DocumentAudience(
    long documentId,
    long meetingId,
    int version,
    int pages,
    boolean confidential,
    Set<Long> allowedUserIds) {

  public boolean maySee(long userId, boolean meetingManager) {
    return meetingManager || !confidential || allowedUserIds.contains(userId);
  }
}
