package jp.kaigi.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.CharArraySet;
import org.apache.lucene.analysis.cjk.CJKAnalyzer;
import org.apache.lucene.analysis.core.WhitespaceAnalyzer;
import org.apache.lucene.analysis.ja.JapaneseAnalyzer;
import org.apache.lucene.analysis.ja.JapaneseTokenizer;
import org.apache.lucene.analysis.ja.tokenattributes.PartOfSpeechAttribute;
import org.apache.lucene.analysis.miscellaneous.PerFieldAnalyzerWrapper;
import org.apache.lucene.analysis.shingle.ShingleAnalyzerWrapper;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.analysis.tokenattributes.OffsetAttribute;
import org.apache.lucene.analysis.tokenattributes.PositionIncrementAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.FieldType;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexOptions;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.PointValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.classic.ParseException;
import org.apache.lucene.queryparser.classic.QueryParser;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.PhraseQuery;
import org.apache.lucene.search.QueryRescorer;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.search.TotalHits;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.Passage;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.FSDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DocumentIndex} on Lucene: per page, the text analyzed twice — Kuromoji in search mode
 * (words, compounds split) and CJK bigrams (names and words Kuromoji does not know) — both queried
 * and their scores added. Text is NFKC-normalized on both sides ({@link JapaneseText}).
 */
public final class LuceneDocumentIndex implements DocumentIndex {
  private static final Logger LOG = LoggerFactory.getLogger(LuceneDocumentIndex.class);

  /** Bump when fields or analysis change: an index of another schema is rebuilt on start. */
  public static final String SCHEMA = "kaigi-pages-5";

  static final String TEXT = "text";
  static final String BIGRAM = "text_bigram";
  static final String TITLE = "title_text";

  /**
   * Pairs of adjacent bigram-field tokens ("推進 進計"), at the position of the first: a phrase of n
   * bigrams is a phrase of about n / 2 pairs, exactly the same pages (Elasticsearch's {@code
   * index_phrases} does the same for words).
   */
  static final String BIGRAM_PAIRS = "text_bigram_pairs";

  /** Substrings of the page text's katakana runs ({@link KatakanaSubstrings}). */
  static final String KATAKANA = "text_katakana";

  /** Calendar-neutral date terms ({@link JapaneseDates#term}) of the page text and title. */
  static final String DATES = "dates";

  static final String DOC_KEY = "documentId";
  static final String DOC_DV = "documentId_dv";
  static final String VERSION_DV = "version_dv";
  static final String MEETING = "meetingId";
  static final String STARTS = "startsAt";
  static final String STARTS_DV = "startsAt_dv";

  /** Stored, with offsets in the postings: snippets without re-analyzing the page. */
  private static final FieldType TEXT_TYPE = textType();

  /** Positions for phrases of pairs; no length norms (the bigram field's score ranks). */
  private static final FieldType PAIRS_TYPE = pairsType();

  private static FieldType pairsType() {
    FieldType t = new FieldType(TextField.TYPE_NOT_STORED);
    t.setOmitNorms(true);
    t.freeze();
    return t;
  }

  /** Only which pages hold a substring and how often: no positions, no length norms. */
  private static final FieldType KATAKANA_TYPE = katakanaType();

  private static FieldType katakanaType() {
    FieldType t = new FieldType();
    t.setTokenized(true);
    t.setIndexOptions(IndexOptions.DOCS_AND_FREQS);
    t.setOmitNorms(true);
    t.freeze();
    return t;
  }

  private static FieldType textType() {
    FieldType t = new FieldType(TextField.TYPE_STORED);
    t.setIndexOptions(IndexOptions.DOCS_AND_FREQS_AND_POSITIONS_AND_OFFSETS);
    t.freeze();
    return t;
  }

  /**
   * Pages are stored newest meeting first, within each segment and across segments (leaf sorter),
   * so the first pass breaks equal scores towards the newest meeting while still letting block-max
   * WAND skip everything that only ties the current top hits.
   */
  private static final Sort NEWEST_FIRST =
      new Sort(new SortField(STARTS_DV, SortField.Type.LONG, true));

  /**
   * The first pass collects at least this many hits by bigram (and title, date) score; the Kuromoji
   * score is added to these only (Lucene's rescoring).
   */
  static final int RESCORE_WINDOW = 20;

  /** Visible-document filters of this many distinct callers' id sets are kept per segment. */
  private static final int CACHED_VISIBLE_SETS = 64;

  private final VisibleDocuments visible = new VisibleDocuments(DOC_DV, CACHED_VISIBLE_SETS);
  private final SegmentSlices slices;
  private final FSDirectory directory;
  private final IndexWriter writer;
  private final SearcherManager searchers;
  private final Analyzer analyzer;
  private final boolean createdFresh;

  private LuceneDocumentIndex(
      FSDirectory directory,
      IndexWriter writer,
      SearcherManager searchers,
      SegmentSlices slices,
      Analyzer analyzer,
      boolean createdFresh) {
    this.slices = slices;
    this.directory = directory;
    this.writer = writer;
    this.searchers = searchers;
    this.analyzer = analyzer;
    this.createdFresh = createdFresh;
  }

  /**
   * Opens the index in {@code dir}; an index that is missing, unreadable or of another schema is
   * started empty ({@link #createdFresh()} is then true and the caller rebuilds it).
   */
  public static LuceneDocumentIndex open(Path dir) throws IOException {
    Files.createDirectories(dir);
    boolean fresh = false;
    if (!DirectoryReader.indexExists(FSDirectory.open(dir)) || !schemaMatches(dir)) {
      fresh = true;
      deleteContents(dir);
    }
    FSDirectory directory = FSDirectory.open(dir);
    Analyzer analyzer = analyzer();
    loadDictionaries(analyzer);
    IndexWriterConfig cfg =
        new IndexWriterConfig(analyzer)
            .setOpenMode(
                fresh ? IndexWriterConfig.OpenMode.CREATE : IndexWriterConfig.OpenMode.APPEND)
            .setRAMBufferSizeMB(64)
            .setIndexSort(NEWEST_FIRST)
            .setLeafSorter(Comparator.comparingLong(LuceneDocumentIndex::newestMeeting).reversed());
    IndexWriter writer = new IndexWriter(directory, cfg);
    if (fresh) {
      writer.setLiveCommitData(Map.of("schema", SCHEMA).entrySet());
      writer.commit();
    }
    SegmentSlices slices = new SegmentSlices(Runtime.getRuntime().availableProcessors());
    SearcherManager searchers = new SearcherManager(writer, true, false, slices);
    return new LuceneDocumentIndex(directory, writer, searchers, slices, analyzer, fresh);
  }

  /** The start of the newest meeting in a segment (orders segments newest first). */
  private static long newestMeeting(LeafReader leaf) {
    try {
      PointValues points = leaf.getPointValues(STARTS);
      return points == null || points.size() == 0
          ? Long.MIN_VALUE
          : LongPoint.decodeDimension(points.getMaxPackedValue(), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Loads Kuromoji's dictionaries now, at start, instead of in the first upload's or query's
   * worker: a worker interrupted while a class loads them (a node stopping) leaves that class
   * unusable for the rest of the JVM.
   */
  private static void loadDictionaries(Analyzer analyzer) throws IOException {
    try (var tokens = analyzer.tokenStream(TEXT, "会議資料")) {
      tokens.reset();
      while (tokens.incrementToken()) {
        // only the loading matters
      }
      tokens.end();
    }
  }

  private static boolean schemaMatches(Path dir) {
    try (FSDirectory d = FSDirectory.open(dir);
        DirectoryReader r = DirectoryReader.open(d)) {
      return SCHEMA.equals(r.getIndexCommit().getUserData().get("schema"));
    } catch (IOException | RuntimeException e) {
      LOG.warn("event=index.unreadable dir={} error={}", dir, e.toString());
      return false;
    }
  }

  private static void deleteContents(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      for (Path f : files.toList()) {
        Files.deleteIfExists(f);
      }
    }
  }

  /** Kuromoji (search mode) for {@code text}, CJK bigrams for {@code text_bigram}. */
  public static Analyzer analyzer() {
    Analyzer kuromoji =
        new JapaneseAnalyzer(
            null,
            JapaneseTokenizer.Mode.SEARCH,
            JapaneseAnalyzer.getDefaultStopSet(),
            JapaneseAnalyzer.getDefaultStopTags());
    Analyzer bigram = new CJKAnalyzer(CharArraySet.EMPTY_SET);
    Analyzer pairs =
        new ShingleAnalyzerWrapper(
            new CJKAnalyzer(CharArraySet.EMPTY_SET), 2, 2, " ", false, false, "_");
    return new PerFieldAnalyzerWrapper(
        kuromoji,
        Map.of(
            BIGRAM,
            bigram,
            BIGRAM_PAIRS,
            pairs,
            KATAKANA,
            new KatakanaSubstrings(),
            DATES,
            new WhitespaceAnalyzer()));
  }

  /** True when the index was missing, unreadable or of an old schema and so started empty. */
  public boolean createdFresh() {
    return createdFresh;
  }

  @Override
  public void put(IndexedDocument d) throws IOException {
    List<Document> docs = new ArrayList<>(d.pages().size());
    String key = Long.toString(d.documentId());
    String title = JapaneseText.normalize(d.title());
    for (Page p : d.pages()) {
      String text = JapaneseText.forIndex(p.text());
      Document doc = new Document();
      doc.add(new StringField(DOC_KEY, key, Field.Store.NO));
      doc.add(new StoredField("doc", d.documentId()));
      doc.add(new NumericDocValuesField(DOC_DV, d.documentId()));
      doc.add(new StoredField("version", d.version()));
      doc.add(new NumericDocValuesField(VERSION_DV, d.version()));
      doc.add(new StoredField("page", p.page()));
      doc.add(new LongPoint(MEETING, d.meetingId()));
      doc.add(new StoredField(MEETING, d.meetingId()));
      doc.add(new LongPoint(STARTS, d.meetingStartsAtMillis()));
      doc.add(new NumericDocValuesField(STARTS_DV, d.meetingStartsAtMillis()));
      doc.add(new StoredField("title", title));
      // The title is searchable on every page of its document, with the page text.
      doc.add(new Field(TEXT, text, TEXT_TYPE));
      doc.add(new TextField(BIGRAM, text, Field.Store.NO));
      doc.add(new Field(BIGRAM_PAIRS, text, PAIRS_TYPE));
      doc.add(new Field(KATAKANA, text, KATAKANA_TYPE));
      doc.add(new TextField(TITLE, title, Field.Store.NO));
      doc.add(new TextField(DATES, JapaneseDates.termsIn(title + "\n" + text), Field.Store.NO));
      docs.add(doc);
    }
    if (docs.isEmpty()) {
      // Nothing to index: the same as deleting. (An update with no documents leaves Lucene's RAM
      // accounting off: its close then trips an assertion, "netBytes has unexpected value".)
      writer.deleteDocuments(new Term(DOC_KEY, key));
    } else {
      writer.updateDocuments(new Term(DOC_KEY, key), docs);
    }
  }

  @Override
  public void delete(long documentId) throws IOException {
    writer.deleteDocuments(new Term(DOC_KEY, Long.toString(documentId)));
  }

  @Override
  public void commit() throws IOException {
    writer.setLiveCommitData(Map.of("schema", SCHEMA).entrySet());
    writer.commit();
    searchers.maybeRefreshBlocking();
  }

  @Override
  public void clear() throws IOException {
    writer.deleteAll();
  }

  @Override
  public Map<Long, Integer> indexedVersions() throws IOException {
    searchers.maybeRefreshBlocking();
    IndexSearcher s = searchers.acquire();
    try {
      Map<Long, Integer> out = new HashMap<>();
      for (LeafReaderContext leaf : s.getIndexReader().leaves()) {
        NumericDocValues docs = leaf.reader().getNumericDocValues(DOC_DV);
        NumericDocValues versions = leaf.reader().getNumericDocValues(VERSION_DV);
        if (docs == null || versions == null) {
          continue;
        }
        var live = leaf.reader().getLiveDocs();
        for (int i = docs.nextDoc(); i != NumericDocValues.NO_MORE_DOCS; i = docs.nextDoc()) {
          if (live != null && !live.get(i)) {
            continue;
          }
          if (versions.advanceExact(i)) {
            out.put(docs.longValue(), (int) versions.longValue());
          }
        }
      }
      return out;
    } finally {
      searchers.release(s);
    }
  }

  @Override
  public Result search(Query q, Set<Long> visibleDocumentIds) throws IOException {
    if (visibleDocumentIds.isEmpty() || q.text() == null || q.text().isBlank()) {
      return new Result(0, true, List.of());
    }
    Parsed parsed = parse(q.text());
    BooleanQuery.Builder b = new BooleanQuery.Builder().add(parsed.any(), BooleanClause.Occur.MUST);
    b.add(visible.filter(visibleDocumentIds), BooleanClause.Occur.FILTER);
    if (q.meetingId() != null) {
      b.add(LongPoint.newExactQuery(MEETING, q.meetingId()), BooleanClause.Occur.FILTER);
    }
    if (q.fromMillis() != null || q.toMillis() != null) {
      long from = q.fromMillis() != null ? q.fromMillis() : Long.MIN_VALUE;
      long to = q.toMillis() != null ? q.toMillis() - 1 : Long.MAX_VALUE;
      b.add(LongPoint.newRangeQuery(STARTS, from, to), BooleanClause.Occur.FILTER);
    }
    BooleanQuery query = b.build();
    IndexSearcher s = searchers.acquire();
    try {
      int n = Math.max(1, q.offset() + q.limit());
      int window = Math.max(RESCORE_WINDOW, n);
      // Counting stops once EXACT_TOTAL_UP_TO hits are seen; from then on only hits that can still
      // reach the window are scored (block-max WAND skips the rest).
      TopDocs first =
          s.search(
              query,
              new TopScoreDocCollectorManager(
                  window, null, Math.max(EXACT_TOTAL_UP_TO, window), true));
      ScoreDoc[] ranked = rescore(s, first, parsed.text(), window);
      long total = first.totalHits.value;
      boolean exact = first.totalHits.relation == TotalHits.Relation.EQUAL_TO;
      if (q.offset() >= ranked.length) {
        return new Result(total, exact, List.of());
      }
      ScoreDoc[] page =
          Arrays.copyOfRange(ranked, q.offset(), Math.min(ranked.length, q.offset() + q.limit()));
      return new Result(total, exact, hitsInParallel(s, parsed, first.totalHits, page));
    } finally {
      searchers.release(s);
    }
  }

  /**
   * Adds the Kuromoji score to the first pass's hits and orders them by score, then newest meeting
   * (the first pass already prefers the newest among equal scores; this orders the window).
   */
  private static ScoreDoc[] rescore(
      IndexSearcher s, TopDocs first, org.apache.lucene.search.Query text, int window)
      throws IOException {
    TopDocs rescored =
        new QueryRescorer(text) {
          @Override
          protected float combine(
              float firstPassScore, boolean secondPassMatches, float secondPassScore) {
            return secondPassMatches ? firstPassScore + secondPassScore : firstPassScore;
          }
        }.rescore(s, first, window);
    List<LeafReaderContext> leaves = s.getIndexReader().leaves();
    record Ranked(ScoreDoc hit, long startsAt) {}
    List<Ranked> ranked = new ArrayList<>(rescored.scoreDocs.length);
    for (ScoreDoc d : rescored.scoreDocs) {
      LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(d.doc, leaves));
      NumericDocValues dv = leaf.reader().getNumericDocValues(STARTS_DV);
      boolean has = dv != null && dv.advanceExact(d.doc - leaf.docBase);
      ranked.add(new Ranked(d, has ? dv.longValue() : 0L));
    }
    ranked.sort(
        Comparator.<Ranked>comparingDouble(r -> -r.hit().score)
            .thenComparingLong(r -> -r.startsAt())
            .thenComparingInt(r -> r.hit().doc));
    return ranked.stream().map(Ranked::hit).toArray(ScoreDoc[]::new);
  }

  /**
   * Snippets are about half a query's time: the second half of the page's hits is made on the slice
   * pool while the calling thread makes the first.
   */
  private List<Hit> hitsInParallel(
      IndexSearcher s, Parsed parsed, TotalHits totalHits, ScoreDoc[] page) throws IOException {
    if (page.length < 4) {
      return hits(s, parsed, new TopDocs(totalHits, page));
    }
    int half = page.length / 2;
    ScoreDoc[] second = Arrays.copyOfRange(page, half, page.length);
    CompletableFuture<List<Hit>> later =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return hits(s, parsed, new TopDocs(totalHits, second));
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            slices.executor());
    List<Hit> out =
        new ArrayList<>(hits(s, parsed, new TopDocs(totalHits, Arrays.copyOf(page, half))));
    try {
      out.addAll(later.join());
    } catch (CompletionException e) {
      if (e.getCause() instanceof UncheckedIOException io) {
        throw io.getCause();
      }
      throw e;
    }
    return out;
  }

  /**
   * The page's hits with snippets: Kuromoji matches from postings offsets, else bigram matches.
   * Each hit's stored fields are read once (they are compressed in blocks; reading is most of a
   * snippet's cost) and handed to the highlighter; each field's snippet is marked with that field's
   * query only.
   */
  private List<Hit> hits(IndexSearcher s, Parsed parsed, TopDocs page) throws IOException {
    StoredFields stored = s.storedFields();
    Map<Integer, Document> docs = new HashMap<>();
    for (ScoreDoc sd : page.scoreDocs) {
      docs.put(sd.doc, stored.document(sd.doc));
    }
    String[] snippets = highlighter(s, docs).highlight(TEXT, parsed.text(), page, 1);
    UnifiedHighlighter bigrams = bigramHighlighter();
    List<Hit> hits = new ArrayList<>(page.scoreDocs.length);
    for (int i = 0; i < page.scoreDocs.length; i++) {
      Document d = docs.get(page.scoreDocs[i].doc);
      String snippet = snippets[i];
      if (snippet == null || !snippet.contains("<mark>")) {
        String viaBigrams =
            (String) bigrams.highlightWithoutSearcher(BIGRAM, parsed.bigram(), d.get(TEXT), 1);
        if (viaBigrams != null && viaBigrams.contains("<mark>")) {
          snippet = viaBigrams;
        } else if (snippet == null) {
          snippet = escape(abbreviate(d.get(TEXT), 160));
        }
      }
      hits.add(
          new Hit(
              d.getField(MEETING).numericValue().longValue(),
              d.getField("doc").numericValue().longValue(),
              d.getField("version").numericValue().intValue(),
              d.getField("page").numericValue().intValue(),
              d.get("title"),
              snippet,
              page.scoreDocs[i].score));
    }
    return hits;
  }

  private UnifiedHighlighter bigramHighlighter() {
    return snippetStyle(UnifiedHighlighter.builderWithoutSearcher(analyzer)).build();
  }

  /** Marks matches from the postings' offsets in the page text already read into {@code docs}. */
  private UnifiedHighlighter highlighter(IndexSearcher s, Map<Integer, Document> docs) {
    UnifiedHighlighter.Builder builder =
        snippetStyle(UnifiedHighlighter.builder(s, analyzer))
            // Offsets per query term, not Lucene's Matches API: that re-runs the query's weight on
            // every hit, which made snippets slower than finding the hits. A phrase's words are
            // then marked one by one, and the formatter joins adjacent marks again.
            .withWeightMatches(false);
    return new UnifiedHighlighter(builder) {
      @Override
      protected List<CharSequence[]> loadFieldValues(
          String[] fields, DocIdSetIterator docIter, int cacheCharsThreshold) throws IOException {
        List<CharSequence[]> values = new ArrayList<>();
        for (int doc = docIter.nextDoc();
            doc != DocIdSetIterator.NO_MORE_DOCS;
            doc = docIter.nextDoc()) {
          Document d = docs.get(doc);
          CharSequence[] perField = new CharSequence[fields.length];
          for (int f = 0; f < fields.length; f++) {
            perField[f] = d == null ? null : d.get(fields[f]);
          }
          values.add(perField);
        }
        return values;
      }
    };
  }

  /**
   * A user's query: {@code any} finds the hits (first pass), {@code text} its Kuromoji part (added
   * to the score of the first pass's best, and marks snippets), {@code bigram} its bigram part as
   * typed (marks snippets where Kuromoji found nothing).
   */
  record Parsed(
      org.apache.lucene.search.Query any,
      org.apache.lucene.search.Query text,
      org.apache.lucene.search.Query bigram) {}

  /**
   * The user's query. Hits are found by CJK bigrams (every page containing the characters as typed,
   * and in the spelling Kuromoji's katakana stemming also matches), the title and calendar-neutral
   * date terms (令和5年度 ⇔ 2023年度); the Kuromoji field joins this search only when no spelling covers
   * its hits (base forms, stop-word gaps), and otherwise only adds its score to the best hits.
   * Kuromoji's split compounds become phrases (STACK.md trap 5); a query the classic syntax cannot
   * parse is retried with its special characters escaped.
   */
  Parsed parse(String raw) {
    String normalized = JapaneseText.normalize(raw).strip();
    try {
      return parseAll(normalized);
    } catch (ParseException e) {
      // Not valid syntax (e.g. a dangling "AND" or bracket): search every word as typed.
      StringBuilder literal = new StringBuilder();
      for (String word : normalized.split("\\s+")) {
        String w = word.replaceAll("[\\\\+\\-!():^\\[\\]\"{}~*?|&/]", "");
        if (!w.isEmpty() && !w.equals("AND") && !w.equals("OR") && !w.equals("NOT")) {
          literal.append('"').append(w).append("\" ");
        }
      }
      try {
        return parseAll(literal.toString().strip());
      } catch (ParseException e2) {
        throw new InvalidQueryException(
            "The search query cannot be understood: " + e2.getMessage());
      }
    }
  }

  private Parsed parseAll(String q) throws ParseException {
    String expanded = JapaneseDates.expandQuery(q);
    String withDateTerms = JapaneseDates.toTerms(q, DATES);
    org.apache.lucene.search.Query text = parser(TEXT).parse(expanded);
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    b.add(firstPassParser().parse(withDateTerms), BooleanClause.Occur.SHOULD);
    b.add(parser(TITLE).parse(withDateTerms), BooleanClause.Occur.SHOULD);
    String spelling = bigramSpellingOfKuromoji(q);
    if (spelling == null) {
      b.add(text, BooleanClause.Occur.SHOULD);
    } else if (!spelling.equals(q)) {
      b.add(
          firstPassParser().parse(JapaneseDates.toTerms(spelling, DATES)),
          BooleanClause.Occur.SHOULD);
    }
    b.setMinimumNumberShouldMatch(1);
    return new Parsed(b.build(), text, parser(BIGRAM).parse(expanded));
  }

  /**
   * How the pages the query's Kuromoji words match are spelled, when the bigram query of that
   * spelling finds them all: the query itself when every word is indexed as typed; with the final ー
   * of stemmed katakana words dropped (サーバー is indexed as サーバ, so サーバー also matches サーバ); null when
   * Kuromoji matches more than any one spelling — a conjugating word (行う also matches 行った by its
   * base form) or a stop word's gap (議事録の公開 also matches 議事録が公開).
   */
  private String bigramSpellingOfKuromoji(String q) {
    String lower = q.toLowerCase(Locale.ROOT);
    StringBuilder spelling = new StringBuilder(q);
    try (var tokens = analyzer.tokenStream(TEXT, q)) {
      var term = tokens.addAttribute(CharTermAttribute.class);
      var offset = tokens.addAttribute(OffsetAttribute.class);
      var increment = tokens.addAttribute(PositionIncrementAttribute.class);
      var pos = tokens.addAttribute(PartOfSpeechAttribute.class);
      tokens.reset();
      boolean first = true;
      List<Integer> dropped = new ArrayList<>();
      while (tokens.incrementToken()) {
        String typed = lower.substring(offset.startOffset(), offset.endOffset());
        String partOfSpeech = pos.getPartOfSpeech() == null ? "" : pos.getPartOfSpeech();
        if ((!first && increment.getPositionIncrement() > 1)
            || partOfSpeech.startsWith("動詞")
            || partOfSpeech.startsWith("形容詞")
            || partOfSpeech.startsWith("助動詞")) {
          return null;
        }
        if (!typed.contentEquals(term)) {
          if (!typed.equals(term + "ー")) {
            return null;
          }
          dropped.add(offset.endOffset() - 1);
        }
        first = false;
      }
      tokens.end();
      // From the end, so earlier offsets stay valid; search mode can report a split word twice.
      dropped.stream()
          .distinct()
          .sorted(Comparator.reverseOrder())
          .forEach(i -> spelling.deleteCharAt(i));
      return spelling.toString();
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private QueryParser parser(String field) {
    return configured(new QueryParser(field, analyzer));
  }

  /**
   * The bigram field's parser, except that a katakana word is one term of the katakana field, and a
   * phrase of bigrams a phrase of bigram pairs: the same pages, reading fewer position lists on
   * every page that holds all the terms.
   */
  private QueryParser firstPassParser() {
    return configured(
        new QueryParser(BIGRAM, analyzer) {
          @Override
          protected org.apache.lucene.search.Query getFieldQuery(
              String field, String queryText, boolean quoted) throws ParseException {
            if (!BIGRAM.equals(field)) {
              return super.getFieldQuery(field, queryText, quoted);
            }
            if (KatakanaSubstrings.covers(queryText)) {
              return new TermQuery(new Term(KATAKANA, queryText));
            }
            org.apache.lucene.search.Query q = super.getFieldQuery(field, queryText, quoted);
            return q instanceof PhraseQuery phrase ? inPairs(phrase) : q;
          }
        });
  }

  /**
   * A phrase of n consecutive bigram-field terms as pairs (t0 t1) at 0, (t2 t3) at 2, … and, for
   * odd n, (t[n-2] t[n-1]) at n-2: a pair at position p means its two terms at p and p+1, so the
   * pairs' phrase matches exactly where the terms' phrase does. Any other phrase is left as it is.
   */
  static org.apache.lucene.search.Query inPairs(PhraseQuery phrase) {
    Term[] terms = phrase.getTerms();
    int[] positions = phrase.getPositions();
    if (phrase.getSlop() != 0 || terms.length < 2 || !phrase.getField().equals(BIGRAM)) {
      return phrase;
    }
    for (int i = 0; i < terms.length; i++) {
      if (positions[i] != positions[0] + i) {
        return phrase;
      }
    }
    if (terms.length == 2) {
      return new TermQuery(pair(terms, 0));
    }
    PhraseQuery.Builder pairs = new PhraseQuery.Builder();
    for (int i = 0; i + 1 < terms.length; i += 2) {
      pairs.add(pair(terms, i), i);
    }
    if (terms.length % 2 == 1) {
      pairs.add(pair(terms, terms.length - 2), terms.length - 2);
    }
    return pairs.build();
  }

  private static Term pair(Term[] terms, int i) {
    return new Term(BIGRAM_PAIRS, terms[i].text() + " " + terms[i + 1].text());
  }

  private static QueryParser configured(QueryParser p) {
    p.setSplitOnWhitespace(true);
    p.setAutoGeneratePhraseQueries(true);
    p.setDefaultOperator(QueryParser.Operator.AND);
    p.setAllowLeadingWildcard(false);
    return p;
  }

  /**
   * How both highlighters write snippets: one sentence, matches in {@code <mark>} (adjacent marks
   * joined: {@code <mark>ペーパー</mark><mark>レス</mark>} → {@code <mark>ペーパーレス</mark>}), text
   * HTML-escaped, Lucene's passage score without its per-sentence garbage.
   */
  private static UnifiedHighlighter.Builder snippetStyle(UnifiedHighlighter.Builder b) {
    return b.withFormatter(
            new DefaultPassageFormatter("<mark>", "</mark>", "…", true) {
              @Override
              public String format(Passage[] passages, String content) {
                return super.format(passages, content).replace("</mark><mark>", "");
              }
            })
        .withScorer(new SnippetScorer())
        .withBreakIterator(() -> BreakIterator.getSentenceInstance(Locale.JAPANESE))
        .withMaxLength(100_000);
  }

  private static String abbreviate(String s, int max) {
    if (s == null) {
      return "";
    }
    return s.length() <= max ? s : s.substring(0, max) + "…";
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  @Override
  public void close() throws IOException {
    searchers.close();
    slices.close();
    writer.close();
    directory.close();
  }
}
