package review

import (
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

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
//
// The second use is real lawful documents of the register townships write:
// LAWFUL_DOCS names a folder of district, town and street documents in
// force (规范性文件, 实施办法, 通知, 方案; e.g. ../notes/probe-sh, taken from
// zhiyao87/Shanghai-Gov-Docs-Index), LAWFUL_ITEM=all runs every rule (the
// whole engine, as a clerk's review does), and LAWFUL_TYPE=detect reviews
// each file as the type DetectType finds from its first line (default
// 规范性文件). With LAWFUL_LIST set every error finding (违法) is listed with
// its rule, file and quote, warnings after them: each error there is
// either a false alarm to narrow or a problem the document really has; with
// LAWFUL_TYPE=detect too, each file's detected type follows ("T 类型 file"),
// for a wrong type (a 村规民约 typed 其他) is a finding of its own.
//
//	LAWFUL_DOCS=/work/notes/probe-sh LAWFUL_ITEM=all LAWFUL_LIST=1 go test ./review -run TestLawfulProbe -count=1 -v
func TestLawfulProbe(t *testing.T) {
	dir := os.Getenv("LAWFUL_PROBE")
	docs := dir == "" // real documents: their first line is the title
	if docs {
		dir = os.Getenv("LAWFUL_DOCS")
	}
	if dir == "" {
		t.Skip("LAWFUL_PROBE / LAWFUL_DOCS not set")
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
	if item == "all" {
		cfg.Rules = nil // New's default: every rule
	}
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
	count, errs := map[string]int{}, map[string]int{}
	var lines, types []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		var title string
		if docs {
			title = firstLine(text)
		}
		typ := "规范性文件"
		if os.Getenv("LAWFUL_TYPE") == "detect" {
			typ = DetectType(title, text)
			types = append(types, fmt.Sprintf("T %s %s", typ, strings.TrimSuffix(filepath.Base(f), ".md")))
			if typ == TypeOther {
				typ = ""
			}
		}
		fds, err := probeFindings(e, f, title, text, typ)
		if err != nil {
			t.Logf("%s: %v", f, err)
			continue
		}
		for _, fd := range fds {
			count[fd.Rule]++
			mark := "w "
			if fd.Severity == SeverityError {
				errs[fd.Rule]++
				mark = "E "
			}
			lines = append(lines, fmt.Sprintf("%s%s %s：%s", mark, fd.Rule, strings.TrimSuffix(filepath.Base(f), ".md"), fd.Quote))
		}
	}
	var ids []string
	for id := range count {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var b strings.Builder
	fmt.Fprintf(&b, "\n%d lawful texts in %s, rules of %s (findings, of them errors)\n", len(files), dir, item)
	total := 0
	for _, id := range ids {
		fmt.Fprintf(&b, "%-26s %4d %4d\n", id, count[id], errs[id])
		total += errs[id]
	}
	fmt.Fprintf(&b, "errors: %d\n", total)
	if os.Getenv("LAWFUL_LIST") != "" {
		sort.Strings(lines)
		for _, l := range lines {
			b.WriteString(l + "\n")
		}
		for _, l := range types {
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

// TestTownshipProbe is the lawful probe of the register a 司法所 reviews
// (round 31): TOWN_PROBE names a folder of real township, 街道 and county
// documents in force (.md or .txt, the first line the title), kept outside
// the tree unless they are testdata/real's own; each is reviewed as a
// clerk's review does — every rule, the learned reader, the type from a
// NAME.labels.yaml beside it when there is one, else detected — and every
// 违法 and 警告 finding is listed with its document, rule, reader and
// quote, 违法 first. A document whose labels list an unlawful clause is
// left out: the probe reads lawful text only, so on it every 违法 finding
// is an over-reach to except by class or a clause the document really has
// (then the reason is the article, in docs/eval.md). The summary is the
// rate per document, the figure to compare before and after a change.
//
//	TOWN_PROBE=/work/probe-town go test ./review -run 'TestTownshipProbe$' -count=1 -v
//	TOWN_PROBE=../testdata/real go test ./review -run 'TestTownshipProbe$' -count=1 -v
func TestTownshipProbe(t *testing.T) {
	dir := os.Getenv("TOWN_PROBE")
	if dir == "" {
		t.Skip("TOWN_PROBE not set")
	}
	var files []string
	_ = filepath.WalkDir(dir, func(p string, de os.DirEntry, err error) error {
		if err == nil && !de.IsDir() && (strings.HasSuffix(p, ".md") || strings.HasSuffix(p, ".txt")) &&
			!strings.HasSuffix(p, "README.md") {
			files = append(files, p)
		}
		return nil
	})
	sort.Strings(files)
	e := testEngine(t)
	var errLines, warnLines []string
	docs, withErr, withWarn, nErr, nWarn := 0, 0, 0, 0, 0
	perRule := map[string][2]int{}
	for _, f := range files {
		var labels evalLabels
		if data, err := os.ReadFile(strings.TrimSuffix(strings.TrimSuffix(f, ".md"), ".txt") + ".labels.yaml"); err == nil {
			if err := yaml.Unmarshal(data, &labels); err != nil {
				t.Fatalf("%s: %v", f, err)
			}
		}
		if len(labels.Findings) > 0 {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(data)
		title := firstLine(text)
		typ := labels.Type
		if typ == "" {
			typ = DetectType(title, text)
		}
		if typ == TypeOther {
			typ = ""
		}
		fds, err := probeFindings(e, f, title, text, typ)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		docs++
		name := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(f), ".md"), ".txt")
		e0, w0 := nErr, nWarn
		for _, fd := range fds {
			reader := "rule"
			if fd.Reader != "" {
				reader = fd.Reader
			}
			line := fmt.Sprintf("%s %s [%s]：%s", name, fd.Rule, reader, fd.Quote)
			c := perRule[fd.Rule]
			if fd.Severity == SeverityError {
				nErr++
				c[0]++
				errLines = append(errLines, "违法 "+line)
			} else {
				nWarn++
				c[1]++
				warnLines = append(warnLines, "警告 "+line)
			}
			perRule[fd.Rule] = c
		}
		if nErr > e0 {
			withErr++
		}
		if nWarn > w0 {
			withWarn++
		}
	}
	if docs == 0 {
		t.Fatalf("no lawful document in %s", dir)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\ntownship probe: %d lawful documents in %s\n", docs, dir)
	fmt.Fprintf(&b, "违法: %d findings on %d documents (%.3f per document)\n", nErr, withErr, float64(nErr)/float64(docs))
	fmt.Fprintf(&b, "警告: %d findings on %d documents (%.3f per document)\n", nWarn, withWarn, float64(nWarn)/float64(docs))
	var ids []string
	for id := range perRule {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		fmt.Fprintf(&b, "%-28s 违法 %3d  警告 %3d\n", id, perRule[id][0], perRule[id][1])
	}
	for _, l := range append(errLines, warnLines...) {
		b.WriteString(l + "\n")
	}
	t.Log(b.String())
}

// probeFindings reviews one probe document as a clerk's review would and
// returns the findings both probes count: scored (违法 or 警告) and on a
// clause, not on the document as a whole.
func probeFindings(e *Engine, file, title, text, typ string) ([]Finding, error) {
	rep, err := e.Review(Input{File: file, Title: title, Text: text}, Options{Type: typ, At: reviewDate})
	if err != nil {
		return nil, err
	}
	var out []Finding
	for _, fd := range rep.Findings {
		if scored(fd) && !fd.Document {
			out = append(out, fd)
		}
	}
	return out, nil
}
