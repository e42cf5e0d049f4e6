package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPrecedentCommand: import the documented sample, export it, import
// the export into a second data directory and export again: same bytes.
// A bad file is refused with the line number and imports nothing.
func TestPrecedentCommand(t *testing.T) {
	sample := filepath.Join("..", "..", "review", "precedent", "testdata", "sample.jsonl")
	a, b := t.TempDir(), t.TempDir()
	runOK := func(args ...string) string {
		t.Helper()
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, errb.String())
		}
		return out.String()
	}
	if out := runOK("precedent", "import", sample, "--data", a); !strings.Contains(out, "新增 3 条") {
		t.Errorf("import output: %s", out)
	}
	exportA := filepath.Join(t.TempDir(), "a.jsonl")
	runOK("precedent", "export", "--out", exportA, "--data", a)
	runOK("precedent", "import", exportA, "--data", b)
	exportB := runOK("precedent", "export", "--data", b)
	wantA, _ := os.ReadFile(exportA)
	if string(wantA) != exportB || strings.Count(exportB, "\n") != 3 {
		t.Errorf("round trip differs:\n%s\n%s", wantA, exportB)
	}
	if out := runOK("precedent", "reindex", "--data", b); !strings.Contains(out, "3 条") {
		t.Errorf("reindex output: %s", out)
	}
	// `lawreview index rebuild` rebuilds the precedent index too, as the
	// README and the issue name it.
	if out := runOK("index", "rebuild", "--data", b); !strings.Contains(out, "已重建先例检索索引：3 条") {
		t.Errorf("index rebuild output lacks the precedent index: %s", out)
	}

	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	os.WriteFile(bad, []byte(`{"clause":"新条款","verdict":"违法","date":"2025-01-01"}`+"\n"+`{"clause":"x","verdict":"违法"}`+"\n"), 0o644)
	var out, errb bytes.Buffer
	if code := run([]string{"precedent", "import", bad, "--data", b}, &out, &errb); code != exitUsage || !strings.Contains(errb.String(), "第 2 行") {
		t.Errorf("bad import: exit %d, %s", code, errb.String())
	}
	if after := runOK("precedent", "export", "--data", b); after != exportB {
		t.Error("a refused file changed the store")
	}
	for _, args := range [][]string{{"precedent"}, {"precedent", "frobnicate"}, {"precedent", "import"}} {
		if code := run(args, &out, &errb); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
}
