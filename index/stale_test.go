package index

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lawreview/corpus"
)

// copyLaw is a copy of l whose articles can be changed without touching
// l's (the default corpus is shared by the whole process).
func copyLaw(l *corpus.Law) *corpus.Law {
	c := *l
	c.Articles = append([]corpus.Article(nil), l.Articles...)
	return &c
}

// sameLength is s with its last rune replaced by another of the same
// width: a corrected character, which moves no other byte of a snapshot.
func sameLength(s string) string {
	r := []rune(s)
	if r[len(r)-1] == '。' {
		r[len(r)-1] = '！'
	} else {
		r[len(r)-1] = '。'
	}
	return string(r)
}

// articleAdded is l with one article more, as a release that adds an
// article to the default corpus's excerpt of a law makes it.
func articleAdded(l *corpus.Law) {
	last := l.Articles[len(l.Articles)-1]
	last.Number++
	last.Label = corpus.ArticleLabel(last.Number, 0)
	last.Text = "鸬鹚捕鱼应当遵守渔业管理规定。"
	last.Paragraphs = []string{last.Text}
	l.Articles = append(l.Articles, last)
}

type lawChange struct {
	name   string
	change func(l *corpus.Law) // nil: none
}

// lawChanges are the ways a law version can change between the build of
// an index and its use without its ID changing: a file imported again
// after a correction, or a new binary whose default corpus holds more of
// the law.
var lawChanges = []lawChange{
	{"text of one article", func(l *corpus.Law) { l.Articles[0].Text = sameLength(l.Articles[0].Text) }},
	{"article added", articleAdded},
	{"last article dropped", func(l *corpus.Law) { l.Articles = l.Articles[:len(l.Articles)-1] }},
	{"article renumbered", func(l *corpus.Law) { l.Articles[0].Number += 100 }},
	{"chapter", func(l *corpus.Law) {
		l.Articles[0].Chapters = append(append([]string(nil), l.Articles[0].Chapters...), "第九章 附则")
	}},
	{"level", func(l *corpus.Law) { l.Level = "部门规章" }},
}

// withUnchanged is lawChanges and the case of no change.
func withUnchanged() []lawChange {
	return append([]lawChange{{"unchanged", nil}}, lawChanges...)
}

// openStale opens s, whose live index is old, and checks that it was
// rebuilt, with one NoticeCorpusChanged, if and only if stale.
func openStale(t *testing.T, s *Store, old string, stale bool) *Index {
	t.Helper()
	var notices []string
	s.Notice = func(msg string) { notices = append(notices, msg) }
	ix, err := s.Open(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if rebuilt := ix.Dir() != old; rebuilt != stale {
		t.Errorf("rebuilt %v, want %v", rebuilt, stale)
	}
	want := 0
	if stale {
		want = 1
	}
	if len(notices) != want || want == 1 && notices[0] != NoticeCorpusChanged {
		t.Errorf("notices %q, want %d of %q", notices, want, NoticeCorpusChanged)
	}
	return ix
}

// TestOpenRefusesChangedCorpus: an index opened with a corpus whose law
// versions are those indexed but whose articles are not is refused at
// open as missing (the store then rebuilds it), never opened to fail at
// the first text it shows.
func TestOpenRefusesChangedCorpus(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "ix")
	if err := Build(dir, corpus.New(testLaws()...).Laws(), nil); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(dir, corpus.New(testLaws()...))
	if err != nil {
		t.Fatalf("unchanged corpus: %v", err)
	}
	ix.Close()
	for _, tc := range lawChanges {
		t.Run(tc.name, func(t *testing.T) {
			laws := testLaws()
			tc.change(laws[2])
			ix, err := Open(dir, corpus.New(laws...))
			if err == nil {
				_, serr := ix.Search(context.Background(), Query{Text: "承包地 收回", Law: "农村土地承包法"})
				ix.Close()
				t.Fatalf("opened an index of other articles (a search of the law then: %v)", serr)
			}
			if !errors.Is(err, ErrNoIndex) {
				t.Errorf("Open: %v, want ErrNoIndex", err)
			}
		})
	}
}

// plantLive makes an index of laws the live index of s, as an earlier
// binary or an earlier import left it.
func plantLive(t *testing.T, s *Store, laws []*corpus.Law) string {
	t.Helper()
	name := indexPrefix + "20200101T000000.000000000"
	dir := filepath.Join(s.indexRoot(), name)
	if err := Build(dir, Combine(laws, nil).Laws(), nil); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(s.indexRoot(), pointerName), []byte(name+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// defaultChanged is the default corpus with the articles of its law
// 行政强制法 changed: what the binary that built an index held.
func defaultChanged(t *testing.T, change func(l *corpus.Law)) (laws []*corpus.Law, changed *corpus.Law) {
	t.Helper()
	def, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range def.Laws() {
		if l.ShortName == "行政强制法" {
			l = copyLaw(l)
			change(l)
			changed = l
		}
		laws = append(laws, l)
	}
	if changed == nil {
		t.Fatal("no 行政强制法 in the default corpus")
	}
	return laws, changed
}

// TestStoreRebuildsChangedDefault: a data directory whose index was built
// by a binary with another default corpus is rebuilt when it opens, with
// a notice, and every article of the binary's corpus reads; an index of
// the same corpus is opened as it is.
func TestStoreRebuildsChangedDefault(t *testing.T) {
	def, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range withUnchanged() {
		t.Run(tc.name, func(t *testing.T) {
			s := NewStore(t.TempDir())
			built := def.Laws()
			if tc.change != nil {
				built, _ = defaultChanged(t, tc.change)
			}
			ix := openStale(t, s, plantLive(t, s, built), tc.change != nil)
			defer ix.Close()
			res, err := ix.Search(context.Background(), Query{Text: "行政强制 设定", Law: "行政强制法", Size: 50})
			if err != nil {
				t.Fatalf("search of the law after the open: %v", err)
			}
			if res.Total == 0 {
				t.Error("no article of 行政强制法 found")
			}
		})
	}
}

// importedChanged imports testdata/laws into s (index built), then
// imports 示例村庄环境卫生条例 again, changed, without the rebuild that
// follows (a crash between the two, or another process's import) and
// returns the changed law.
func importedChanged(t *testing.T, s *Store, change func(l *corpus.Law)) *corpus.Law {
	t.Helper()
	if _, err := s.Import(context.Background(), ImportOptions{}, filepath.Join("testdata", "laws")); err != nil {
		t.Fatal(err)
	}
	imp, err := s.Imported()
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range imp {
		if strings.HasPrefix(l.ID, "示例村庄环境卫生条例@") {
			if change == nil {
				return l
			}
			l = copyLaw(l)
			change(l)
			if err := s.AddImported([]*corpus.Law{l}, ImportRecord{}); err != nil {
				t.Fatal(err)
			}
			return l
		}
	}
	t.Fatal("no 示例村庄环境卫生条例 imported")
	return nil
}

// TestStoreRebuildsReimported: a law imported again with other articles
// makes the index stale; the next open rebuilds it, with a notice, and
// shows the articles as imported last. The index of an import that
// changed nothing since is opened as it is.
func TestStoreRebuildsReimported(t *testing.T) {
	for _, tc := range withUnchanged() {
		t.Run(tc.name, func(t *testing.T) {
			s := NewStore(t.TempDir())
			l := importedChanged(t, s, tc.change)
			ix := openStale(t, s, liveDir(t, s), tc.change != nil)
			defer ix.Close()
			res, err := ix.Search(context.Background(), Query{Text: "村庄 环境卫生 垃圾 鸬鹚", Law: l.ShortName, Size: 50})
			if err != nil {
				t.Fatalf("search of the law: %v", err)
			}
			for _, h := range res.Hits {
				a := l.Article(h.Number, h.Sub)
				if a == nil || a.Text != h.Text {
					t.Errorf("%s: %q is not the text imported last", h.Article, h.Text)
				}
			}
		})
	}
}

// TestStoreFailedRebuildKeepsLive: when the rebuild of a stale index
// fails, the open fails and the data directory keeps the old index live,
// with no other index directory beside it; the next open rebuilds.
func TestStoreFailedRebuildKeepsLive(t *testing.T) {
	if _, err := Analyzer(); err != nil {
		t.Fatal(err)
	}
	s := NewStore(t.TempDir())
	built, _ := defaultChanged(t, articleAdded)
	old := plantLive(t, s, built)
	// The build works in a temporary directory first: make that fail.
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "missing"))
	if ix, err := s.Open(nil, nil); err == nil {
		ix.Close()
		t.Fatal("open succeeded without a place to build")
	}
	if got := liveDir(t, s); got != old {
		t.Errorf("live index %s, want the old %s", got, old)
	}
	if dirs := indexDirs(t, s); len(dirs) != 1 || dirs[0] != filepath.Base(old) {
		t.Errorf("index directories after the failed rebuild: %v", dirs)
	}
	t.Setenv("TMPDIR", t.TempDir())
	ix, err := s.Open(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if ix.Dir() == old {
		t.Error("stale index opened after the failure")
	}
}

// lazyLaws writes laws as a snapshot and reads them back lazily, as the
// store reads the imported corpus.
func lazyLaws(t *testing.T, laws []*corpus.Law) []*corpus.Law {
	t.Helper()
	p := filepath.Join(t.TempDir(), "imported.laws")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := corpus.WriteSnapshot(f, laws); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := corpus.ReadSnapshotLazy(p)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range got {
		if l.SnapshotSum() == "" {
			t.Fatalf("%s read lazily has no SnapshotSum", l.ID)
		}
	}
	return got
}

// forgetSnapshots makes the index in dir's law table one written before
// the snapshots' sums were recorded.
func forgetSnapshots(t *testing.T, dir string) {
	t.Helper()
	tab, err := readLawTable(dir)
	if err != nil {
		t.Fatal(err)
	}
	tab.Snapshots = nil
	b, err := json.Marshal(struct {
		Format int                 `json:"format"`
		Laws   map[string]*lawMeta `json:"laws"`
	}{tab.Format, tab.Laws})
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, lawTableName), b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestLegacyTableTrustsSnapshot: an index from before the snapshots' sums
// were recorded (every data directory when this binary is installed)
// trusts an imported law's articles, which would take reading them all to
// check, and refuses them when first read if they changed; a law held in
// memory (the default corpus) is still checked at open, since a new
// binary's default corpus is what changes. An index that recorded the sum
// refuses the changed snapshot at open.
func TestLegacyTableTrustsSnapshot(t *testing.T) {
	for _, tc := range lawChanges {
		t.Run(tc.name, func(t *testing.T) {
			base := testLaws()
			// 农村土地承包法 is imported; the other laws are at hand.
			built := append(base[:2:2], lazyLaws(t, base[2:3])[0], base[3])
			dir := filepath.Join(t.TempDir(), "ix")
			if err := Build(dir, corpus.New(built...).Laws(), nil); err != nil {
				t.Fatal(err)
			}
			laws := testLaws()
			tc.change(laws[2])
			changed := append(laws[:2:2], lazyLaws(t, laws[2:3])[0], laws[3])
			if _, err := Open(dir, corpus.New(changed...)); !errors.Is(err, ErrNoIndex) {
				t.Errorf("snapshot recorded: Open with the law changed: %v, want ErrNoIndex", err)
			}
			forgetSnapshots(t, dir)
			ix, err := Open(dir, corpus.New(changed...))
			if tc.name == "level" {
				// what a law shows besides its articles is always checked
				if !errors.Is(err, ErrNoIndex) {
					t.Errorf("legacy table: Open with the level changed: %v, want ErrNoIndex", err)
				}
				return
			}
			if err != nil {
				t.Fatalf("legacy table: %v", err)
			}
			_, err = ix.Search(context.Background(), Query{Text: "承包地 收回", Law: "农村土地承包法"})
			var stale *StaleTextError
			if !errors.As(err, &stale) || stale.LawID != laws[2].ID {
				t.Errorf("legacy table: search of the changed law: %v, want a StaleTextError of %s", err, laws[2].ID)
			}
			if _, err := ix.Search(context.Background(), Query{Text: "生活垃圾", Law: "北京市村庄环境卫生管理规定"}); err != nil {
				t.Errorf("legacy table: search of an unchanged law: %v", err)
			}
			ix.Close()

			// the same change to a law at hand is refused at open
			at := testLaws()
			tc.change(at[2])
			if _, err := Open(dir, corpus.New(at...)); !errors.Is(err, ErrNoIndex) {
				t.Errorf("legacy table: Open with a law at hand changed: %v, want ErrNoIndex", err)
			}
		})
	}
}
