package review

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"lawreview/corpus"
	"lawreview/review/precedent"
)

// A probe of lawful text, for development: LAWFUL_PROBE names a folder of
// Markdown laws (the local regulations of the shared corpus, ../shared/
// corpus/laws/DLC), every file is reviewed as a 规范性文件 by the rules of
// the item LAWFUL_ITEM (default 公平竞争), and the findings are counted per
// rule and listed. Local regulations are enacted by people's congresses:
// a 公平竞争 rule that fires on many of them reads lawful wording, and its
// findings there are the place to look for the exception it lacks. Not a
// precision figure — a regulation may itself restrict competition, and a
// licence or a fine in one is lawful where a township's would not be — and
// not part of `make test` (the folder is outside the tree).
func TestLawfulProbe(t *testing.T) {
	dir := os.Getenv("LAWFUL_PROBE")
	if dir == "" {
		t.Skip("LAWFUL_PROBE not set")
	}
	item := os.Getenv("LAWFUL_ITEM")
	if item == "" {
		item = "公平竞争"
	}
	files, _ := probeFiles(dir, 1)
	base := testEngine(t)
	var rules []*Rule
	for _, r := range base.Rules() {
		if r.Item == item && !r.Manual {
			rules = append(rules, r)
		}
	}
	cfg := Config{Laws: base.laws, Rules: rules}
	// LAWFUL_PRECEDENTS=characters or concepts adds the precedent finder
	// over the public bank (threshold PRECEDENT_SIM): its findings on
	// lawful text are the false ones it would add.
	if mode := os.Getenv("LAWFUL_PRECEDENTS"); mode != "" {
		for _, m := range precedentModes(t) {
			if m.name != mode {
				continue
			}
			c, err := corpus.Default()
			if err != nil {
				t.Fatal(err)
			}
			b, err := precedent.Bank()
			if err != nil {
				t.Fatal(err)
			}
			cfg.Precedents = precedent.NewFinder(b.Entries, precedent.FinderOptions{Similarity: evalSimilarity(t, m.concepts != nil), Background: ArticleTexts(c), Concepts: m.concepts})
		}
	}
	e, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	var lines []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		rep, err := e.Review(Input{File: f, Text: string(data)}, Options{Type: "规范性文件", At: reviewDate})
		if err != nil {
			t.Logf("%s: %v", f, err)
			continue
		}
		for _, fd := range rep.Findings {
			if !scored(fd) || fd.Document {
				continue
			}
			count[fd.Rule]++
			lines = append(lines, fmt.Sprintf("%s %s：%s", fd.Rule, strings.TrimSuffix(filepath.Base(f), ".md"), fd.Quote))
		}
	}
	var ids []string
	for id := range count {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var b strings.Builder
	fmt.Fprintf(&b, "\n%d lawful texts in %s, rules of %s\n", len(files), dir, item)
	for _, id := range ids {
		fmt.Fprintf(&b, "%-26s %4d\n", id, count[id])
	}
	if os.Getenv("LAWFUL_LIST") != "" {
		sort.Strings(lines)
		for _, l := range lines {
			b.WriteString(l + "\n")
		}
	}
	t.Log(b.String())
}

// probeFiles are the Markdown files under dir, sorted; LAWFUL_EVERY=n (else
// def) keeps every n-th: a quicker look while tuning. It returns the step.
func probeFiles(dir string, def int) ([]string, int) {
	var files []string
	_ = filepath.WalkDir(dir, func(p string, de os.DirEntry, err error) error {
		if err == nil && !de.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	every := def
	if n, err := strconv.Atoi(os.Getenv("LAWFUL_EVERY")); err == nil && n > 0 {
		every = n
	}
	if every <= 1 {
		return files, 1
	}
	var some []string
	for i := 0; i < len(files); i += every {
		some = append(some, files[i])
	}
	return some, every
}
