package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"lawreview/corpus"
	"lawreview/index"
	"lawreview/review"
)

// plantOlderIndex makes the live index of the data directory data one
// built by an earlier binary, whose default corpus held two articles
// fewer of every law: what a user who installs a new release has.
func plantOlderIndex(t *testing.T, data string) {
	t.Helper()
	def, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	var older []*corpus.Law
	for _, l := range def.Laws() {
		c := *l
		if n := len(l.Articles); n > 2 {
			c.Articles = l.Articles[:n-2]
		}
		older = append(older, &c)
	}
	name := "laws-20200101T000000.000000000"
	if err := index.Build(filepath.Join(data, "index", name), index.Combine(older, nil).Laws(), nil); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(data, "index", "CURRENT"), []byte(name+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestOlderIndexRebuiltWithNotice: the commands that use the law index
// rebuild an index built from another default corpus by themselves,
// saying so in one line on stderr, and succeed; the user never has to run
// lawreview index rebuild, and the next command finds the index current.
func TestOlderIndexRebuiltWithNotice(t *testing.T) {
	draft := filepath.Join(repoRoot(t), "testdata", "drafts", "居民公约.md")
	// review: the related articles of its findings are read from the index
	related := func(t *testing.T, out string) {
		var rep review.Report
		if err := json.Unmarshal([]byte(out), &rep); err != nil {
			t.Fatalf("bad JSON: %v", err)
		}
		n := 0
		for _, f := range rep.Findings {
			for _, r := range f.Related {
				if r.Text == "" {
					t.Errorf("related %s %s without text", r.Law, r.Article)
				}
				n++
			}
		}
		if n == 0 {
			t.Error("no related article")
		}
	}
	hits := func(t *testing.T, out string) {
		if !strings.Contains(out, "第") {
			t.Errorf("no article found:\n%s", out)
		}
	}
	for _, tc := range []struct {
		name  string
		args  []string
		check func(t *testing.T, out string)
	}{
		{"review", []string{"review", "--format", "json", draft}, related},
		{"search", []string{"search", "行政强制 设定"}, hits},
		{"search by law", []string{"search", "--law", "行政处罚法", "罚款"}, hits},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := t.TempDir()
			plantOlderIndex(t, data)
			args := append([]string{tc.args[0], "--data", data}, tc.args[1:]...)
			out, errOut, code := runCLI(t, args...)
			if code == exitUsage {
				t.Fatalf("exit %d after an upgrade: %s", code, errOut)
			}
			tc.check(t, out)
			if n := strings.Count(errOut, index.NoticeCorpusChanged); n != 1 {
				t.Errorf("stderr says %d times %q: %q", n, index.NoticeCorpusChanged, errOut)
			}
			if strings.Contains(errOut+out, "index rebuild") {
				t.Errorf("the user is asked to rebuild: %q", errOut)
			}
			_, errOut, code = runCLI(t, args...)
			if code == exitUsage || strings.Contains(errOut, index.NoticeCorpusChanged) {
				t.Errorf("second run: exit %d, stderr %q", code, errOut)
			}
		})
	}
}

// TestIndexInfoOfOlderIndex: index info of an index built from another
// corpus says it will be rebuilt, rather than fail.
func TestIndexInfoOfOlderIndex(t *testing.T) {
	data := t.TempDir()
	plantOlderIndex(t, data)
	out, errOut, code := runCLI(t, "index", "info", "--data", data)
	if code != exitOK || !strings.Contains(out, "自动重建") {
		t.Errorf("exit %d\n%s\n%s", code, out, errOut)
	}
}
