package index

import (
	"bytes"
	"context"
	"encoding/gob"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"lawreview/corpus"
)

func liveDir(t *testing.T, s *Store) string {
	t.Helper()
	d, err := s.LiveDir()
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func indexDirs(t *testing.T, s *Store) []string {
	t.Helper()
	ents, err := os.ReadDir(s.indexRoot())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if e.IsDir() && strings.HasPrefix(e.Name(), indexPrefix) {
			out = append(out, e.Name())
		}
	}
	return out
}

func searchTotal(t *testing.T, ix *Index, q Query) uint64 {
	t.Helper()
	r, err := ix.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	return r.Total
}

// First use of an empty data directory indexes the default corpus; an
// import adds to it, replaces the same version, and swaps the index.
func TestStoreLifecycle(t *testing.T) {
	s := NewStore(t.TempDir())
	if d := liveDir(t, s); d != "" {
		t.Fatalf("live index %s in an empty data dir", d)
	}
	var calls int
	ix, err := s.Open(nil, func(done, total int) { calls++ })
	if err != nil {
		t.Fatal(err)
	}
	first := liveDir(t, s)
	if first == "" || calls == 0 || ix.Articles() < 100 {
		t.Fatalf("first open: live %q, %d progress calls, %d articles", first, calls, ix.Articles())
	}
	if n := searchTotal(t, ix, Query{Text: "村规民约"}); n == 0 {
		t.Fatal("default corpus index does not find 村规民约")
	}
	if n := searchTotal(t, ix, Query{Text: "鸬鹚"}); n != 0 {
		t.Fatalf("found the fixture's word before importing it")
	}

	rep, err := s.Import(context.Background(), ImportOptions{}, filepath.Join("testdata", "laws"))
	if err != nil {
		t.Fatal(err)
	}
	if rep.Files != 3 || rep.Versions != 2 || len(rep.Skipped) != 1 {
		t.Fatalf("report %+v", rep)
	}
	second := liveDir(t, s)
	if second == first {
		t.Fatal("import did not swap the index")
	}
	if dirs := indexDirs(t, s); len(dirs) != 1 || dirs[0] != filepath.Base(second) {
		t.Fatalf("index dirs after swap: %v", dirs)
	}
	// The index opened before the swap keeps working on its open files.
	if n := searchTotal(t, ix, Query{Text: "村规民约"}); n == 0 {
		t.Error("old index stopped answering after the swap")
	}
	ix.Close()

	ix2, err := s.Open(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix2.Close()
	if ix2.Dir() != second {
		t.Fatalf("opened %s, live is %s", ix2.Dir(), second)
	}
	for _, tc := range []struct {
		q    Query
		want uint64
	}{
		{Query{Text: "鸬鹚"}, 1}, // the imported version of 村民委员会组织法
		{Query{Text: "垃圾 罚款", Law: "示例村庄环境卫生条例"}, 2}, // a new law
		{Query{Text: "村规民约", Law: "村民委员会组织法"}, 0},    // the built-in text of that version is gone
		{Query{Text: "村规民约", Law: "妇女权益保障法"}, 2},     // other built-in laws stay
	} {
		if got := searchTotal(t, ix2, tc.q); got != tc.want {
			t.Errorf("%+v: %d hits, want %d", tc.q, got, tc.want)
		}
	}

	// Importing the same files again replaces, never duplicates.
	laws1, _ := s.Imported()
	if _, err := s.Import(context.Background(), ImportOptions{}, filepath.Join("testdata", "laws")); err != nil {
		t.Fatal(err)
	}
	laws2, _ := s.Imported()
	if len(laws1) != 2 || len(laws2) != 2 {
		t.Errorf("imported laws %d then %d, want 2 and 2", len(laws1), len(laws2))
	}
	ix3, err := s.Open(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer ix3.Close()
	if got := searchTotal(t, ix3, Query{Text: "鸬鹚"}); got != 1 {
		t.Errorf("鸬鹚: %d hits after re-import", got)
	}
}

// A build that died leaves its directory behind and the pointer
// unchanged: readers keep the old index and the next build clears it.
func TestStoreCrashedBuild(t *testing.T) {
	s := NewStore(t.TempDir())
	ix, err := s.Open(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	live := liveDir(t, s)
	partial := filepath.Join(s.indexRoot(), indexPrefix+"29991231T000000.000000000")
	if err := os.MkdirAll(filepath.Join(partial, "store"), 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(partial, "store", "000000000001.zap"), []byte("half"), 0o644)

	ix, err = s.Open(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ix.Dir() != live {
		t.Errorf("opened %s, want the live %s", ix.Dir(), live)
	}
	ix.Close()
	dir, err := s.Rebuild(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if dirs := indexDirs(t, s); len(dirs) != 1 || dirs[0] != filepath.Base(dir) {
		t.Errorf("index dirs after rebuild: %v", dirs)
	}
}

func TestStorePointer(t *testing.T) {
	for _, tc := range []struct {
		name, content string
		wantErr       bool
	}{
		{"missing directory is rebuilt", indexPrefix + "20200101T000000.000000000\n", false},
		{"path in pointer", "../../etc\n", true},
		{"empty pointer", "\n", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := NewStore(t.TempDir())
			os.MkdirAll(s.indexRoot(), 0o755)
			os.WriteFile(filepath.Join(s.indexRoot(), pointerName), []byte(tc.content), 0o644)
			ix, err := s.Open(nil, nil)
			if (err != nil) != tc.wantErr {
				t.Fatalf("err %v, want error %v", err, tc.wantErr)
			}
			if ix != nil {
				defer ix.Close()
				if ix.Articles() == 0 {
					t.Error("rebuilt index is empty")
				}
			}
		})
	}
}

func TestStoreCancelledBuildKeepsLive(t *testing.T) {
	s := NewStore(t.TempDir())
	ix, err := s.Open(nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	ix.Close()
	live := liveDir(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Rebuild(ctx, nil); err == nil {
		t.Fatal("cancelled rebuild succeeded")
	}
	if got := liveDir(t, s); got != live {
		t.Errorf("live index changed to %s", got)
	}
	if dirs := indexDirs(t, s); len(dirs) != 1 {
		t.Errorf("index dirs after cancelled build: %v", dirs)
	}
}

// A data directory from before the snapshot format keeps its imported
// laws in imported.gob: they are still found, and converted once.
func TestStoreUpgradesGobSnapshot(t *testing.T) {
	s := NewStore(t.TempDir())
	c, rep := corpus.Import(filepath.Join("testdata", "laws"))
	if rep.Versions != 2 {
		t.Fatalf("fixture: %+v", rep)
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(c.Laws()); err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(s.corpusRoot(), 0o755)
	legacy := filepath.Join(s.corpusRoot(), legacyName)
	if err := os.WriteFile(legacy, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	read, err := s.Imported() // read as it is, without converting
	if err != nil || !reflect.DeepEqual(read, c.Laws()) {
		t.Fatalf("gob file read as %d laws: %v", len(read), err)
	}
	all, err := s.Corpus()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := all.Resolve("示例村庄环境卫生条例", time.Time{}); err != nil {
		t.Errorf("imported law missing after the upgrade: %v", err)
	}
	if _, err := os.Stat(legacy); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("gob file left after the upgrade: %v", err)
	}
	got, err := s.Imported()
	if err != nil || !reflect.DeepEqual(got, c.Laws()) {
		t.Errorf("snapshot after the upgrade holds %d laws: %v", len(got), err)
	}
	if done, err := s.UpgradeSnapshot(); done || err != nil {
		t.Errorf("second upgrade: %v %v", done, err)
	}
	// A crash between writing the snapshot and removing the gob file.
	os.WriteFile(legacy, []byte("stale"), 0o600)
	if _, err := s.Corpus(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(legacy); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("stale gob file left beside the snapshot: %v", err)
	}
}

// A damaged snapshot is refused with a message that says what to do.
func TestStoreDamagedSnapshot(t *testing.T) {
	s := NewStore(t.TempDir())
	os.MkdirAll(s.corpusRoot(), 0o755)
	os.WriteFile(filepath.Join(s.corpusRoot(), snapshotName), []byte("LRLAWS\x00\x01 broken"), 0o600)
	_, err := s.Corpus()
	if !errors.Is(err, corpus.ErrSnapshot) || !strings.Contains(err.Error(), "corpus import") {
		t.Errorf("got %v", err)
	}
}
