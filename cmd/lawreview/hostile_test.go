package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lawreview/corpus/extract/extracttest"
)

// The command line answers the hostile files of the web's suite the same
// way (issue 14: it reviewed a web page renamed .docx that the web
// refused). Names a path cannot hold are the web's alone.
func TestHostileFilesCLI(t *testing.T) {
	root := repoRoot(t)
	files := extracttest.Files(func(name string) []byte {
		b, err := os.ReadFile(filepath.Join(root, "corpus", "extract", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	})
	dir := t.TempDir()
	var paths []string
	want := map[string]extracttest.File{}
	for i, f := range files {
		if f.Class == "name" {
			continue
		}
		// A folder per file: the suite's names repeat the extension only.
		p := filepath.Join(dir, string(rune('a'+i%26))+strings.Repeat("x", i/26), f.Name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
		want[p] = f
	}
	stdout, stderr, code := runCLI(t, append([]string{"review", "--format", "json"}, paths...)...)
	if code != exitUsage {
		t.Errorf("exit %d, want %d (some files are refused)", code, exitUsage)
	}
	refused := map[string]string{}
	for _, line := range strings.Split(stderr, "\n") {
		if p, msg, ok := strings.Cut(line, "："); ok {
			refused[p] = msg
		}
	}
	for _, p := range paths {
		f := want[p]
		msg, isRefused := refused[p]
		switch {
		case f.Want == extracttest.Accepted && isRefused:
			t.Errorf("%s (%s): refused: %s", f.Name, f.Note, msg)
		case f.Want == extracttest.Accepted && !strings.Contains(stdout, `"file": "`+p+`"`):
			t.Errorf("%s (%s): no report", f.Name, f.Note)
		case f.Want != extracttest.Accepted && !isRefused:
			t.Errorf("%s (%s): accepted, want refused (%s)", f.Name, f.Note, f.Want)
		case f.Want != extracttest.Accepted && !hasHan(msg):
			t.Errorf("%s (%s): message %q is not Chinese", f.Name, f.Note, msg)
		}
	}
}
