package jp.kaigi.search;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Japanese era dates in queries: 令和5年度 also finds 2023年度 and the reverse (令和, 平成, 昭和). A date term
 * outside quotes becomes a group of quoted alternatives, e.g. {@code 令和5年度} → {@code ("令和5年度" OR
 * "2023年度")}; phrases the user quoted are left exactly as typed. Input is already NFKC-normalized,
 * so full-width digits arrive as ASCII digits.
 */
public final class JapaneseDates {
  private record Era(String name, int firstYear, int lastYear) {
    int western(int eraYear) {
      return firstYear + eraYear - 1;
    }
  }

  // lastYear: the era's final (partial) Western year; 2019 is both 平成31年 and 令和元年.
  private static final List<Era> ERAS =
      List.of(new Era("令和", 2019, 9999), new Era("平成", 1989, 2019), new Era("昭和", 1926, 1989));

  private static final Pattern ERA_DATE = Pattern.compile("(令和|平成|昭和)\\s*(元|\\d{1,2})\\s*年(度)?");
  private static final Pattern WESTERN_DATE = Pattern.compile("(?<!\\d)(\\d{4})\\s*年(度)?");
  private static final Pattern ANY_DATE =
      Pattern.compile(ERA_DATE.pattern() + "|" + WESTERN_DATE.pattern());

  private JapaneseDates() {}

  /** Rewrites unquoted date terms of a (normalized) query into OR-groups of equivalent dates. */
  public static String expandQuery(String query) {
    return rewriteUnquotedDates(
        query,
        date -> {
          List<String> alternatives = equivalents(date);
          return alternatives.size() < 2
              ? date
              : "("
                  + String.join(" OR ", alternatives.stream().map(a -> '"' + a + '"').toList())
                  + ")";
        });
  }

  /**
   * Replaces each date outside quotes by {@code rewrite(date)} with a space either side; quoted
   * phrases are left exactly as typed.
   */
  private static String rewriteUnquotedDates(
      String query, java.util.function.UnaryOperator<String> rewrite) {
    StringBuilder out = new StringBuilder();
    String[] parts = query.split("\"", -1);
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) {
        out.append('"');
      }
      boolean quoted = i % 2 == 1 && i < parts.length - 1;
      if (quoted) {
        out.append(parts[i]);
        continue;
      }
      Matcher m = ANY_DATE.matcher(parts[i]);
      StringBuilder rewritten = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(
            rewritten, Matcher.quoteReplacement(" " + rewrite.apply(m.group()) + " "));
      }
      m.appendTail(rewritten);
      out.append(rewritten);
    }
    return out.toString().strip();
  }

  /**
   * The date's calendar-neutral term: {@code fy2023} for 令和5年度 and 2023年度 alike, {@code y2019} for
   * 令和元年, 平成31年 and 2019年. An era year past the era's end still counts (平成35年度, as plans written
   * before 2019 say, is {@code fy2023}). Null for anything that is not a date.
   */
  public static String term(String date) {
    Matcher era = ERA_DATE.matcher(date);
    Matcher western = WESTERN_DATE.matcher(date);
    if (era.matches()) {
      int eraYear = era.group(2).equals("元") ? 1 : Integer.parseInt(era.group(2));
      for (Era e : ERAS) {
        if (e.name().equals(era.group(1))) {
          return (era.group(3) != null ? "fy" : "y") + e.western(eraYear);
        }
      }
    } else if (western.matches()) {
      return (western.group(2) != null ? "fy" : "y") + western.group(1);
    }
    return null;
  }

  /** The terms ({@link #term}) of every date in a (normalized) page text, space-separated. */
  public static String termsIn(String text) {
    StringBuilder out = new StringBuilder();
    Matcher m = ANY_DATE.matcher(text);
    while (m.find()) {
      String t = term(m.group());
      if (t != null) {
        out.append(t).append(' ');
      }
    }
    return out.toString().strip();
  }

  /**
   * Rewrites unquoted date terms of a (normalized) query into terms of {@code field}, e.g. {@code
   * 令和5年度 予算} → {@code dates:fy2023 予算}: one term lookup instead of phrases over tokens as common
   * as 年度 and 5. Quoted phrases are left exactly as typed.
   */
  public static String toTerms(String query, String field) {
    return rewriteUnquotedDates(
        query,
        date -> {
          String t = term(date);
          return t == null ? date : field + ":" + t;
        });
  }

  /** The date as written plus its equivalents in the other calendar, e.g. 2019年 → 令和元年 too. */
  public static List<String> equivalents(String date) {
    Set<String> out = new LinkedHashSet<>();
    Matcher era = ERA_DATE.matcher(date);
    Matcher western = WESTERN_DATE.matcher(date);
    if (era.matches()) {
      String suffix = era.group(3) != null ? "年度" : "年";
      int eraYear = era.group(2).equals("元") ? 1 : Integer.parseInt(era.group(2));
      out.add(era.group(1) + eraYear + suffix);
      if (eraYear == 1) {
        out.add(era.group(1) + "元" + suffix);
      }
      for (Era e : ERAS) {
        if (e.name().equals(era.group(1))) {
          int y = e.western(eraYear);
          if (y <= e.lastYear()) {
            out.add(y + suffix);
          }
        }
      }
    } else if (western.matches()) {
      String suffix = western.group(2) != null ? "年度" : "年";
      int year = Integer.parseInt(western.group(1));
      out.add(year + suffix);
      for (Era e : ERAS) {
        if (year >= e.firstYear() && year <= e.lastYear()) {
          int eraYear = year - e.firstYear() + 1;
          out.add(e.name() + eraYear + suffix);
          if (eraYear == 1) {
            out.add(e.name() + "元" + suffix);
          }
        }
      }
    } else {
      out.add(date);
    }
    return new ArrayList<>(out);
  }
}
