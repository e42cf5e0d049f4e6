package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"lawreview/review"
)

// repoRoot is where go.mod lives; fixtures are addressed from there so the
// tests read the same files the README's examples use.
func repoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found")
		}
		dir = parent
	}
}

func drafts(t testing.TB) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(repoRoot(t), "testdata", "drafts", "*"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no drafts in testdata/drafts: %v", err)
	}
	return files
}

func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var o, e bytes.Buffer
	code = run(args, &o, &e)
	return o.String(), e.String(), code
}

// Every finding's quote must be exactly the runes it points at: the web page
// highlights by offsets and the annotated .docx anchors comments by them.
func checkOffsets(t *testing.T, rep *review.Report) {
	t.Helper()
	text := []rune(rep.Text)
	for _, f := range rep.Findings {
		if f.Start < 0 || f.End > len(text) || f.Start >= f.End {
			t.Errorf("%s: finding %s has bad span [%d,%d) in %d runes", rep.File, f.Rule, f.Start, f.End, len(text))
			continue
		}
		if got := string(text[f.Start:f.End]); got != f.Quote {
			t.Errorf("%s: finding %s quote %q but text[%d:%d] = %q", rep.File, f.Rule, f.Quote, f.Start, f.End, got)
		}
		if want := strings.Count(string(text[:f.Start]), "\n") + 1; f.Line != want {
			t.Errorf("%s: finding %s on line %d, want %d", rep.File, f.Rule, f.Line, want)
		}
	}
}

func TestReviewDrafts(t *testing.T) {
	data := t.TempDir()
	for _, file := range drafts(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			out, errOut, code := runCLI(t, "review", "--data", data, "--format", "json", file)
			if code == exitUsage {
				t.Fatalf("exit %d: %s", code, errOut)
			}
			var rep review.Report
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatalf("bad JSON: %v\n%s", err, out)
			}
			if rep.Text == "" || rep.Type == "" {
				t.Errorf("empty text or type: %+v", rep.Type)
			}
			if len(rep.Findings) == 0 {
				t.Errorf("no findings; every demo draft has problems buried in it")
			}
			if (code == exitFindings) != rep.HasErrors() {
				t.Errorf("exit %d but HasErrors=%v", code, rep.HasErrors())
			}
			checkOffsets(t, &rep)
			// The public contract: these keys must be present in every finding.
			var raw map[string]any
			json.Unmarshal([]byte(out), &raw)
			fs, _ := raw["findings"].([]any)
			for _, f := range fs {
				m := f.(map[string]any)
				for _, k := range []string{"rule", "item", "severity", "message", "suggestion", "quote", "start", "end", "basis", "related"} {
					if _, ok := m[k]; !ok {
						t.Errorf("finding lacks %q", k)
					}
				}
			}
			for _, k := range []string{"file", "title", "type", "text", "findings", "checklist"} {
				if _, ok := raw[k]; !ok {
					t.Errorf("report lacks %q", k)
				}
			}
		})
	}
}

func TestReviewSeveralFilesGiveArray(t *testing.T) {
	files := drafts(t)
	out, errOut, code := runCLI(t, "review", "--data", t.TempDir(), "--format", "json", files[0], files[1])
	if code == exitUsage {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var reps []review.Report
	if err := json.Unmarshal([]byte(out), &reps); err != nil || len(reps) != 2 {
		t.Fatalf("want a JSON array of 2 reports, got %v: %.200s", err, out)
	}
}

func TestReviewTextReport(t *testing.T) {
	file := filepath.Join(repoRoot(t), "testdata", "drafts", "村规民约-自动编号.docx")
	out, errOut, code := runCLI(t, "review", "--data", t.TempDir(), file)
	if code != exitFindings {
		t.Fatalf("exit %d, want %d (the draft fines villagers): %s", code, exitFindings, errOut)
	}
	for _, want := range []string{"文件类型：村规民约", "[违法]", "原文：", "依据：《", "建议：", "审查要点："} {
		if !strings.Contains(out, want) {
			t.Errorf("text report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Error("colour codes written to a non-terminal")
	}
	// People read this report: rule ids and machine phrases stay in the JSON.
	for _, machine := range []string{"vr-", "规则 ", "自动检查", "请人工审查"} {
		if strings.Contains(out, machine) {
			t.Errorf("text report shows %q:\n%s", machine, out)
		}
	}
	if !regexp.MustCompile(`\n  \p{Han}+：[^\n（]+（问题1[）、]`).MatchString(out) {
		t.Errorf("the checklist does not name problem 1 by its title:\n%s", out)
	}
}

func TestReviewBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"no files", []string{"review"}, "请指定要审查的文件"},
		{"missing file", []string{"review", filepath.Join(dir, "无此文件.docx")}, "文件不存在"},
		{"bad format", []string{"review", "--format", "xml", "a.txt"}, "不支持的输出格式"},
		{"bad type", []string{"review", "--type", "通知", "a.txt"}, "不支持的文件类型"},
		{"corrupt docx", []string{"review", write("坏.docx", []byte("PK\x03\x04 not really a zip"))}, "坏.docx"},
		{"empty", []string{"review", write("空.txt", nil)}, "空.txt"},
		// The web refuses a web page renamed .docx; so does the CLI (issue 14).
		{"web page renamed .docx", []string{"review", write("网页.docx", []byte("<!DOCTYPE html><html><body><p>第一条 村民不得上访。</p></body></html>"))}, "文件内容与扩展名不符"},
		{"unknown flag", []string{"review", "--colour", "a.txt"}, "用法"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := append([]string{tc.args[0], "--data", filepath.Join(dir, "data")}, tc.args[1:]...)
			_, errOut, code := runCLI(t, args...)
			if code != exitUsage {
				t.Errorf("exit %d, want %d", code, exitUsage)
			}
			if !strings.Contains(errOut, tc.want) {
				t.Errorf("stderr %q lacks %q", errOut, tc.want)
			}
		})
	}
}

func TestHelpIsChinese(t *testing.T) {
	out, _, code := runCLI(t, "help")
	if code != exitOK || !strings.Contains(out, "用法") || !strings.Contains(out, "review") {
		t.Fatalf("help: exit %d\n%s", code, out)
	}
	_, errOut, code := runCLI(t, "review", "--help")
	if code != exitOK || !strings.Contains(errOut, "示例") {
		t.Fatalf("review --help: exit %d\n%s", code, errOut)
	}
	_, errOut, code = runCLI(t, "frobnicate")
	if code != exitUsage || !strings.Contains(errOut, "未知命令") {
		t.Fatalf("unknown command: exit %d\n%s", code, errOut)
	}
}

// The binary must not depend on the Go module cache: gojieba would look for
// its dictionaries next to its source. Build with -trimpath, copy the binary
// elsewhere, hide the module cache and run a review.
func TestBinaryWorksWithoutModuleCache(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	if runtime.GOOS == "windows" {
		t.Skip("unix paths")
	}
	tmp := t.TempDir()
	bin := filepath.Join(tmp, "bin", "lawreview")
	build := exec.Command("go", "build", "-trimpath", "-o", bin, ".")
	build.Dir = filepath.Join(repoRoot(t), "cmd", "lawreview")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	work := filepath.Join(tmp, "elsewhere")
	os.MkdirAll(work, 0o755)
	draft := filepath.Join(work, "草案.txt")
	os.WriteFile(draft, []byte("某村村规民约\n第一条 村民应当遵守法律法规。\n第二条 违者罚款200元。\n"), 0o644)

	cmd := exec.Command(bin, "review", "--format", "json", "草案.txt")
	cmd.Dir = work
	cmd.Env = []string{
		"HOME=" + filepath.Join(tmp, "home"),
		"GOMODCACHE=" + filepath.Join(tmp, "no-modcache"),
		"GOPATH=" + filepath.Join(tmp, "no-gopath"),
		"PATH=/usr/bin:/bin",
	}
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); err != nil && (!ok || ee.ExitCode() != exitFindings) {
		t.Fatalf("run: %v\nstderr: %s", err, errOut.String())
	}
	var rep review.Report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("bad JSON: %v\n%s\n%s", err, out.String(), errOut.String())
	}
	if len(rep.Findings) == 0 {
		t.Fatalf("no findings for a fine in a 村规民约: %s", out.String())
	}
	// The dictionaries were unpacked into the data directory, not read from the module cache.
	if m, _ := filepath.Glob(filepath.Join(work, "data", "dict", "*", "jieba.dict.utf8")); len(m) != 1 {
		t.Errorf("dictionaries not unpacked under ./data/dict: %v", m)
	}
}

// Laws imported into the data directory are what `law` and `corpus stats`
// read by default, not only the built-in corpus.
func TestLawReadsImportedCorpus(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	src := filepath.Join(t.TempDir(), "青山县集市管理条例(2020-05-01).md")
	law := "# 青山县集市管理条例\n\n2020年5月1日 青山县人民代表大会常务委员会通过\n\n<!-- INFO END -->\n\n第一条 为了规范集市秩序，制定本条例。\n\n第二条 集市不得收取摊位押金。\n"
	if err := os.WriteFile(src, []byte(law), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := runCLI(t, "law", "--data", data, "青山县集市管理条例", "2"); code != exitUsage || !strings.Contains(errOut, "corpus import") {
		t.Fatalf("before import: exit %d, stderr %q", code, errOut)
	}
	if _, errOut, code := runCLI(t, "corpus", "import", "--data", data, src); code != exitOK {
		t.Fatalf("import: exit %d: %s", code, errOut)
	}
	out, errOut, code := runCLI(t, "law", "--data", data, "青山县集市管理条例", "2")
	if code != exitOK || !strings.Contains(out, "集市不得收取摊位押金") {
		t.Fatalf("after import: exit %d\n%s\n%s", code, out, errOut)
	}
	out, _, _ = runCLI(t, "corpus", "stats", "--data", data)
	if !strings.Contains(out, "导入的法律") {
		t.Errorf("stats does not say the imported laws are included:\n%s", out)
	}
}

// TestMain points the default data directory at a temporary one, so a test
// that omits --data never leaves a ./data directory in the source tree.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "lawreview-cmd-test-")
	if err != nil {
		panic(err)
	}
	os.Setenv("LAWREVIEW_DATA", dir)
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func TestReviewBadCorpusFolder(t *testing.T) {
	file := filepath.Join(repoRoot(t), "testdata", "drafts", "居民公约.md")
	_, errOut, code := runCLI(t, "review", "--data", t.TempDir(), "--corpus", filepath.Join(t.TempDir(), "无此目录"), file)
	if code != exitUsage || strings.Count(errOut, "读取法律库") != 1 {
		t.Errorf("exit %d, want %d, and the folder named once: %q", code, exitUsage, errOut)
	}
}

// TestReviewFindsPrecedents: a sentence no rule flags but that repeats a
// public bank's unlawful clause is reported with the case it repeats;
// --precedents=false reviews with the rules alone.
func TestReviewFindsPrecedents(t *testing.T) {
	useTestBank(t)
	draft := filepath.Join(t.TempDir(), "村规民约.txt")
	text := "某村村规民约\n第五条 凡本村适龄儿童家长，必须带孩子按时接种村卫生室指定的自费疫苗。\n第六条 村民应当爱护公共设施。\n"
	if err := os.WriteFile(draft, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	data := t.TempDir()
	out, errOut, code := runCLI(t, "review", "--data", data, "--format", "json", "--type", "村规民约", draft)
	if code == exitUsage {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var rep review.Report
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatal(err)
	}
	var pf *review.Finding
	for i, f := range rep.Findings {
		if f.Rule == review.RulePrecedent {
			pf = &rep.Findings[i]
		}
	}
	if pf == nil {
		t.Fatalf("no precedent finding:\n%s", out)
	}
	if pf.Severity != review.SeverityWarning || pf.Quote != "凡本村适龄儿童家长，必须带孩子按时接种村卫生室指定的自费疫苗" || pf.FromPrecedent == nil ||
		pf.FromPrecedent.ID != "import-pub-test-0003" || pf.FromPrecedent.SourceURL != "https://example.gov.cn/cgmy/3" ||
		pf.Message != "与已公布案例中被认定违法的条款相似（某县司法局2022年公布）：村规民约为村民设定接种自费疫苗的义务并指定接种单位，超出村民自治的范围。" ||
		len(pf.Basis) != 1 || pf.Suggestion != "删除强制接种和指定单位的内容，改为宣传引导。" {
		t.Errorf("precedent finding %+v", pf)
	}
	checkOffsets(t, &rep)
	txt, _, _ := runCLI(t, "review", "--data", data, "--type", "村规民约", draft)
	for _, want := range []string{"（内容合法性：与被认定违法的先例相似", "先例：某县司法局2022年公布的案例中，同类条款被认定违反《村民委员会组织法》第二十七条（相似度 100%）", "出处：https://example.gov.cn/cgmy/3"} {
		if !strings.Contains(txt, want) {
			t.Errorf("text report lacks %q:\n%s", want, txt)
		}
	}
	off, _, _ := runCLI(t, "review", "--data", data, "--format", "json", "--precedents=false", "--type", "村规民约", draft)
	if strings.Contains(off, `"rule": "precedent"`) {
		t.Error("--precedents=false still finds precedents")
	}
	if _, err := os.Stat(filepath.Join(data, "lawreview.db")); err == nil {
		t.Error("reviewing a file created a database")
	}
}
