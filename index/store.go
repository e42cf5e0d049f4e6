package index

import (
	"bufio"
	"bytes"
	"context"
	"encoding/gob"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"lawreview/corpus"
	"lawreview/corpus/atomicfile"
)

// Store is the index and the imported corpus of one data directory:
//
//	<data>/index/CURRENT            name of the live index directory, one line
//	<data>/index/laws-<timestamp>/  a built index (bleve)
//	<data>/index/.lock              held while building or swapping
//	<data>/corpus/imported.laws     every law imported so far (corpus.WriteSnapshot)
//	<data>/corpus/imports.json      what was imported when, for people
//
// The index covers the default corpus built into the binary plus every
// imported law; a version imported again replaces the earlier import of
// the same version (same Law.ID). The imported laws are kept as a snapshot,
// not as a list of paths, so a rebuild never depends on the files still
// being where they were. Data directories written before the snapshot
// format kept the laws in imported.gob; Corpus converts such a file once
// (UpgradeSnapshot), and until then it is still read.
//
// A build writes a new directory beside the live one and then renames a
// new pointer file over CURRENT, so readers see either the old index or
// the new one, never a half-built one; a crash during a build leaves the
// old index live and the partial directory is removed by the next build.
type Store struct {
	Data string // data directory
	// Notice, if not nil, is told in one line, for the user, why Open
	// rebuilds a live index: NoticeCorpusChanged or NoticeFormatChanged.
	// The first build of an empty data directory is not announced.
	Notice func(msg string)
}

// What Store.Open tells Notice before it rebuilds a live index. A new
// binary brings a new default corpus, and sometimes a new index format:
// the user is told why the first command waits, and has nothing to run.
const (
	NoticeCorpusChanged = "法律库已更新，正在重建索引…"
	NoticeFormatChanged = "法律索引格式已更新，正在重建索引…"
)

// NewStore returns the store of a data directory.
func NewStore(data string) *Store { return &Store{Data: data} }

const (
	pointerName  = "CURRENT"
	lockName     = ".lock"
	indexPrefix  = "laws-"
	snapshotName = "imported.laws"
	legacyName   = "imported.gob" // before issue 18: gob of []*corpus.Law
	importsName  = "imports.json"
)

func (s *Store) indexRoot() string  { return filepath.Join(s.Data, "index") }
func (s *Store) corpusRoot() string { return filepath.Join(s.Data, "corpus") }

// LiveDir returns the directory of the live index, or "" when none was
// built yet.
func (s *Store) LiveDir() (string, error) {
	b, err := os.ReadFile(filepath.Join(s.indexRoot(), pointerName))
	if errors.Is(err, os.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("read index pointer: %w", err)
	}
	name := strings.TrimSpace(string(b))
	if name == "" || strings.ContainsAny(name, `/\`) || !strings.HasPrefix(name, indexPrefix) {
		return "", fmt.Errorf("index pointer %s: bad content %q", filepath.Join(s.indexRoot(), pointerName), name)
	}
	return filepath.Join(s.indexRoot(), name), nil
}

// Open opens the live index with c, the store's Corpus() (nil: it is read
// here), which the index reads its articles' texts from. With an empty
// data directory, or an index of another format or of another corpus than
// c (a new binary's default corpus, laws imported again with changes, an
// import whose rebuild did not finish), it first builds the index of the
// default corpus and whatever was imported, which takes a second or two
// for the default corpus; progress, if not nil, reports that build, and
// Notice says why a live index is rebuilt. The new index is built beside
// the old one and made live only once it opens: a build that fails leaves
// the old one live, and the next Open tries again.
func (s *Store) Open(c *corpus.Corpus, progress func(done, total int)) (*Index, error) {
	if c == nil {
		var err error
		if c, err = s.Corpus(); err != nil {
			return nil, err
		}
	}
	if ix, _, err := s.openLive(c); ix != nil || err != nil {
		return ix, err
	}
	unlock, err := s.lock()
	if err != nil {
		return nil, err
	}
	defer unlock()
	// Another process may have built it while this one waited.
	ix, why, err := s.openLive(c)
	if ix != nil || err != nil {
		return ix, err
	}
	if s.Notice != nil {
		switch {
		case errors.Is(why, errStale):
			s.Notice(NoticeCorpusChanged)
		case errors.Is(why, errOldFormat):
			s.Notice(NoticeFormatChanged)
		}
	}
	dir, err := s.rebuildLocked(context.Background(), progress)
	if err != nil {
		return nil, err
	}
	return Open(dir, c)
}

// openLive opens the live index with c; no index but why (nil when there
// is no live index) when there is none to open, or it is of another
// format or of another corpus than c.
func (s *Store) openLive(c *corpus.Corpus) (ix *Index, why, err error) {
	dir, err := s.LiveDir()
	if err != nil || dir == "" {
		return nil, nil, err
	}
	ix, err = Open(dir, c)
	if errors.Is(err, ErrNoIndex) {
		return nil, err, nil // the pointer names a directory that is gone, or a stale index
	}
	return ix, nil, err
}

// Corpus returns the corpus the index is built from: the default corpus
// plus the imported laws, with each law's versions' statuses worked out
// over both. An imported corpus kept in the old gob file is converted
// first (see UpgradeSnapshot).
func (s *Store) Corpus() (*corpus.Corpus, error) {
	if _, err := s.UpgradeSnapshot(); err != nil {
		return nil, err
	}
	return s.corpus()
}

func (s *Store) corpus() (*corpus.Corpus, error) {
	def, err := corpus.Default()
	if err != nil {
		return nil, fmt.Errorf("default corpus: %w", err)
	}
	imported, err := s.imported(corpus.ReadSnapshotLazy)
	if err != nil {
		return nil, err
	}
	return Combine(def.Laws(), imported), nil
}

// Combine builds one corpus from base and extra laws; extra wins for a
// version both hold. The laws are copied: corpus.New sets statuses, and
// the default corpus is shared by the whole process.
func Combine(base, extra []*corpus.Law) *corpus.Corpus {
	replaced := make(map[string]bool, len(extra))
	for _, l := range extra {
		replaced[l.ID] = true
	}
	// The copies are one allocation: 3,300 of them for a whole collection.
	copies := make([]corpus.Law, 0, len(base)+len(extra))
	for _, l := range base {
		if !replaced[l.ID] {
			copies = append(copies, *l)
		}
	}
	for _, l := range extra {
		copies = append(copies, *l)
	}
	laws := make([]*corpus.Law, len(copies))
	for i := range copies {
		laws[i] = &copies[i]
	}
	return corpus.New(laws...)
}

// Imported returns the laws imported into this data directory so far.
// Their strings point into the snapshot file's mapping, which stays for
// the life of the process (corpus.ReadSnapshot).
func (s *Store) Imported() ([]*corpus.Law, error) {
	return s.imported(corpus.ReadSnapshot)
}

// imported is Imported with the snapshot read by read: the corpus of a
// command reads it lazily (corpus.ReadSnapshotLazy), its articles decoded
// as they are looked up.
func (s *Store) imported(read func(string) ([]*corpus.Law, error)) ([]*corpus.Law, error) {
	p := filepath.Join(s.corpusRoot(), snapshotName)
	laws, err := read(p)
	if err == nil {
		return laws, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		if errors.Is(err, corpus.ErrSnapshot) {
			return nil, fmt.Errorf("%w；请删除 %s，再用 lawreview corpus import 重新导入", err, p)
		}
		return nil, fmt.Errorf("read imported corpus: %w", err)
	}
	return s.readLegacy()
}

// readLegacy decodes the gob file of a data directory written before the
// snapshot format; (nil, nil) when there is none.
func (s *Store) readLegacy() ([]*corpus.Law, error) {
	p := filepath.Join(s.corpusRoot(), legacyName)
	b, err := os.ReadFile(p)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read imported corpus: %w", err)
	}
	var laws []*corpus.Law
	if err := gob.NewDecoder(bytes.NewReader(b)).Decode(&laws); err != nil {
		return nil, fmt.Errorf("read imported corpus %s: %w", p, err)
	}
	return laws, nil
}

// UpgradeSnapshot rewrites an imported corpus kept in the old gob file as
// a snapshot and removes the gob file; it reports whether it did. Reading
// the gob file took a second and half a gigabyte of garbage at every
// start; this happens once per data directory.
func (s *Store) UpgradeSnapshot() (bool, error) {
	if _, err := os.Stat(filepath.Join(s.corpusRoot(), legacyName)); err != nil {
		return false, nil
	}
	unlock, err := s.lock()
	if err != nil {
		return false, err
	}
	defer unlock()
	return s.upgradeLocked()
}

func (s *Store) upgradeLocked() (bool, error) {
	legacy := filepath.Join(s.corpusRoot(), legacyName)
	if _, err := os.Stat(legacy); err != nil {
		return false, nil // another process converted it meanwhile
	}
	if _, err := os.Stat(filepath.Join(s.corpusRoot(), snapshotName)); err == nil {
		// A crash after writing the snapshot, before removing the gob
		// file: the snapshot, written last, holds everything.
		return false, os.Remove(legacy)
	}
	laws, err := s.readLegacy()
	if err != nil {
		return false, err
	}
	if err := s.writeSnapshot(laws); err != nil {
		return false, err
	}
	if err := os.Remove(legacy); err != nil {
		return true, fmt.Errorf("remove old imported corpus: %w", err)
	}
	return true, nil
}

func (s *Store) writeSnapshot(laws []*corpus.Law) error {
	if err := os.MkdirAll(s.corpusRoot(), 0o755); err != nil {
		return err
	}
	p := filepath.Join(s.corpusRoot(), snapshotName)
	f, err := atomicfile.Create(p)
	if err != nil {
		return fmt.Errorf("save imported corpus: %w", err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	err = corpus.WriteSnapshot(w, laws)
	if err == nil {
		err = w.Flush()
	}
	if err != nil {
		f.Abort()
		return fmt.Errorf("save imported corpus %s: %w", p, err)
	}
	if err := f.Commit(); err != nil {
		return fmt.Errorf("save imported corpus: %w", err)
	}
	return nil
}

// ImportRecord is one line of imports.json.
type ImportRecord struct {
	Time     time.Time `json:"time"`
	Paths    []string  `json:"paths"`
	Files    int       `json:"files"`
	Versions int       `json:"versions"`
	Articles int       `json:"articles"`
	Skipped  int       `json:"skipped"`
}

// AddImported merges laws into the imported snapshot (a version already
// there is replaced) and records the import. It does not rebuild the
// index; Import does both.
func (s *Store) AddImported(laws []*corpus.Law, rec ImportRecord) error {
	unlock, err := s.lock()
	if err != nil {
		return err
	}
	defer unlock()
	return s.addImportedLocked(laws, rec)
}

func (s *Store) addImportedLocked(laws []*corpus.Law, rec ImportRecord) error {
	old, err := s.Imported()
	if err != nil {
		return err
	}
	byID := map[string]int{}
	merged := make([]*corpus.Law, 0, len(old)+len(laws))
	for _, l := range append(old, laws...) {
		if i, ok := byID[l.ID]; ok {
			merged[i] = l
			continue
		}
		byID[l.ID] = len(merged)
		merged = append(merged, l)
	}
	sort.SliceStable(merged, func(i, j int) bool { return merged[i].ID < merged[j].ID })
	if err := s.writeSnapshot(merged); err != nil {
		return err
	}
	// The snapshot now holds whatever the old gob file held.
	if err := os.Remove(filepath.Join(s.corpusRoot(), legacyName)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("remove old imported corpus: %w", err)
	}
	var recs []ImportRecord
	p := filepath.Join(s.corpusRoot(), importsName)
	if b, err := os.ReadFile(p); err == nil {
		_ = json.Unmarshal(b, &recs) // a damaged history is replaced, it informs only
	}
	recs = append(recs, rec)
	b, err := json.MarshalIndent(recs, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.WriteFile(p, b)
}

// ImportOptions tunes Import.
type ImportOptions struct {
	ParseProgress func(done, total int) // files parsed
	IndexProgress func(done, total int) // articles indexed
}

// Import reads law files and folders, adds them to the imported corpus and
// rebuilds the index with them. The report accounts for every file.
func (s *Store) Import(ctx context.Context, opts ImportOptions, paths ...string) (*corpus.Report, error) {
	// Loading jieba takes a second and the files' parsing leaves the
	// cores waiting on the disk now and then: load it meanwhile. The
	// build's own call waits for this one (bleve's registry cache builds
	// an analyzer once, under its lock), and reports its error if any.
	go Analyzer()
	c, rep := corpus.ImportWithOptions(corpus.ImportOptions{Progress: opts.ParseProgress}, paths...)
	abs := make([]string, len(paths))
	for i, p := range paths {
		abs[i], _ = filepath.Abs(p)
	}
	rec := ImportRecord{Time: time.Now(), Paths: abs, Files: rep.Files, Versions: rep.Versions,
		Articles: rep.Articles, Skipped: len(rep.Skipped)}
	if rep.Versions == 0 {
		return rep, nil
	}
	unlock, err := s.lock()
	if err != nil {
		return rep, err
	}
	defer unlock()
	if err := s.addImportedLocked(c.Laws(), rec); err != nil {
		return rep, err
	}
	if _, err := s.rebuildLocked(ctx, opts.IndexProgress); err != nil {
		return rep, err
	}
	return rep, nil
}

// Rebuild builds a fresh index of Corpus() beside the live one, makes it
// live and removes the old one. It returns the new index directory.
func (s *Store) Rebuild(ctx context.Context, progress func(done, total int)) (string, error) {
	unlock, err := s.lock()
	if err != nil {
		return "", err
	}
	defer unlock()
	return s.rebuildLocked(ctx, progress)
}

func (s *Store) rebuildLocked(ctx context.Context, progress func(done, total int)) (string, error) {
	if _, err := s.upgradeLocked(); err != nil {
		return "", err
	}
	c, err := s.corpus()
	if err != nil {
		return "", err
	}
	root := s.indexRoot()
	if err := os.MkdirAll(root, 0o755); err != nil {
		return "", fmt.Errorf("create index directory: %w", err)
	}
	name := indexPrefix + time.Now().UTC().Format("20060102T150405.000000000")
	dir := filepath.Join(root, name)
	if err := BuildContext(ctx, dir, c.Laws(), progress); err != nil {
		return "", err
	}
	// The new index must open before it goes live.
	ix, err := Open(dir, c)
	if err != nil {
		os.RemoveAll(dir)
		return "", err
	}
	ix.Close()
	if err := atomicfile.WriteFile(filepath.Join(root, pointerName), []byte(name+"\n")); err != nil {
		os.RemoveAll(dir)
		return "", fmt.Errorf("swap index pointer: %w", err)
	}
	s.cleanLocked(name)
	return dir, nil
}

// cleanLocked removes every index directory but keep: the old live one
// (processes that have it open keep reading their open files) and any left
// by a crashed build.
func (s *Store) cleanLocked(keep string) {
	ents, err := os.ReadDir(s.indexRoot())
	if err != nil {
		return
	}
	for _, e := range ents {
		if e.IsDir() && strings.HasPrefix(e.Name(), indexPrefix) && e.Name() != keep {
			os.RemoveAll(filepath.Join(s.indexRoot(), e.Name()))
		}
	}
}
