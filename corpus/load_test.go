package corpus

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

func loadTestdata(t *testing.T) (*Corpus, *Report) {
	t.Helper()
	c, r, err := Load("testdata/laws")
	if err != nil {
		t.Fatal(err)
	}
	return c, r
}

func TestLoadReport(t *testing.T) {
	_, r := loadTestdata(t)
	if r.Files != 18 {
		t.Errorf("Files = %d, want 18 (meta.tsv is not a law file)", r.Files)
	}
	if r.Files != r.Versions+r.Merged+len(r.Skipped) {
		t.Errorf("files %d != versions %d + merged %d + skipped %d", r.Files, r.Versions, r.Merged, len(r.Skipped))
	}
	want := map[string]string{
		"testdata/laws/其他/攻略.md":               SkipNotLaw,
		"testdata/laws/其他/说明.pdf":              SkipUnsupported,
		"testdata/laws/案例/民法典/某某诉某公司案.md":      SkipNotLaw,
		"testdata/laws/行政法/坏文件.md":             SkipUnparsable,
		"testdata/laws/行政法/重复法(2020-01-01).md": SkipDuplicate,
	}
	got := map[string]string{}
	for _, s := range r.Skipped {
		got[filepath.ToSlash(s.Path)] = s.Reason
		if s.Detail == "" {
			t.Errorf("%s skipped without detail", s.Path)
		}
	}
	for p, reason := range want {
		if got[p] != reason {
			t.Errorf("%s: skipped as %q, want %q", p, got[p], reason)
		}
	}
	if len(got) != len(want) {
		t.Errorf("skipped %v, want %v", got, want)
	}
	if r.Merged != 2 {
		t.Errorf("Merged = %d, want 2 (three 民法典 parts make one law)", r.Merged)
	}
	if !strings.Contains(r.Summary(), "跳过 5 个文件") {
		t.Errorf("Summary %q", r.Summary())
	}
}

func TestLoadLevelsAndStatus(t *testing.T) {
	c, _ := loadTestdata(t)
	tests := []struct {
		id, level, region string
		status            Status
	}{
		{"示例法@2015-03-15", "法律", "", StatusSuperseded},
		{"示例法@2023-03-13", "法律", "", StatusCurrent},
		{"旧条例@2005-01-10", "行政法规", "", StatusRepealed},
		{"婚姻法@2001-04-28", "法律", "", StatusRepealed},
		{"民法典@2020-05-28", "法律", "", StatusCurrent},
		{"北京市示例条例@2020-01-01", "地方性法规", "北京", StatusCurrent},
		{"示例实施办法@2019-06-01", "地方性法规", "上海", StatusCurrent},
		{"最高人民法院关于示例的解释@2020-12-29", "司法解释", "", StatusCurrent},
		{"无日期条例", "行政法规", "", StatusCurrent},
	}
	for _, tt := range tests {
		l, ok := c.ByID(tt.id)
		if !ok {
			t.Errorf("no law %s", tt.id)
			continue
		}
		if l.Level != tt.level || l.Region != tt.region || l.Status != tt.status {
			t.Errorf("%s: level %q region %q status %q; want %q %q %q", tt.id, l.Level, l.Region, l.Status, tt.level, tt.region, tt.status)
		}
	}
	if l, _ := c.ByID("示例法@2015-03-15"); l.InForceFrom.Format(time.DateOnly) != "2015-03-15" || l.Category != "宪法相关法" {
		t.Errorf("meta.tsv in_force_from / category not applied: %v %q", l.InForceFrom, l.Category)
	}
	if at, ok := RepealedOn("《中华人民共和国婚姻法》"); !ok || at.Format(time.DateOnly) != "2021-01-01" {
		t.Errorf("RepealedOn(婚姻法) = %v, %v", at, ok)
	}
}

func TestMergeCivilCodeParts(t *testing.T) {
	c, _ := loadTestdata(t)
	l, err := c.Resolve("民法典", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ label, chapters string }{
		{"第一条", "第一编 总则 / 第一章 基本规定"},
		{"第二条", "第一编 总则 / 第一章 基本规定"},
		{"第四百六十三条", "第二编 合同 / 第一分编 通则 / 第一章 一般规定"},
		{"第四百六十四条", "第二编 合同 / 第一分编 通则 / 第一章 一般规定"},
		{"第一千二百五十九条", "附则"},
		{"第一千二百六十条", "附则"},
	}
	if len(l.Articles) != len(want) || l.Subtitle != "" || l.Name != "中华人民共和国民法典" {
		t.Fatalf("merged law %q subtitle %q with %d articles", l.Name, l.Subtitle, len(l.Articles))
	}
	for i, w := range want {
		a := l.Articles[i]
		if a.Label != w.label || strings.Join(a.Chapters, " / ") != w.chapters {
			t.Errorf("article %d: %s %q, want %s %q", i, a.Label, a.Chapters, w.label, w.chapters)
		}
	}
}

func TestResolve(t *testing.T) {
	c, _ := loadTestdata(t)
	tests := []struct {
		name, at string
		wantID   string
		wantErr  any
	}{
		{"示例法", "", "示例法@2023-03-13", nil},
		{"中华人民共和国示例法", "", "示例法@2023-03-13", nil},
		{"《中华人民共和国示例法》", "", "示例法@2023-03-13", nil},
		{" 《示例法》 ", "", "示例法@2023-03-13", nil},
		{"示例法（2023年修正）", "", "示例法@2023-03-13", nil},
		{"示例法@2015-03-15", "", "示例法@2015-03-15", nil},
		{"示例法", "2016-01-01", "示例法@2015-03-15", nil},
		{"示例法", "2023-03-13", "示例法@2023-03-13", nil},
		{"示例法", "2030-01-01", "示例法@2023-03-13", nil},
		{"婚姻法", "", "婚姻法@2001-04-28", nil},
		{"示例法", "2000-01-01", "", &NotInForceError{}},
		{"不存在法", "", "", &NotFoundError{}},
		{"", "", "", &NotFoundError{}},
		{"示例实施办法", "", "", &AmbiguousError{}},
	}
	for _, tt := range tests {
		var at time.Time
		if tt.at != "" {
			at = date(tt.at)
		}
		l, err := c.Resolve(tt.name, at)
		switch want := tt.wantErr.(type) {
		case nil:
			if err != nil || l.ID != tt.wantID {
				t.Errorf("Resolve(%q, %s) = %v, %v; want %s", tt.name, tt.at, l, err, tt.wantID)
			}
		case *NotInForceError:
			if _, ok := errors.AsType[*NotInForceError](err); !ok {
				t.Errorf("Resolve(%q, %s) error %v, want %T", tt.name, tt.at, err, want)
			}
		case *NotFoundError:
			if _, ok := errors.AsType[*NotFoundError](err); !ok {
				t.Errorf("Resolve(%q) error %v, want %T", tt.name, err, want)
			}
		case *AmbiguousError:
			e, ok := errors.AsType[*AmbiguousError](err)
			if !ok || len(e.Candidates) != 2 || !strings.Contains(e.Error(), "北京：示例实施办法") {
				t.Errorf("Resolve(%q) error %v, want %T naming both regions", tt.name, err, want)
			}
		}
		if err != nil && !containsHan(err.Error()) {
			t.Errorf("error %q is not in Chinese", err)
		}
	}
}

func containsHan(s string) bool {
	for _, r := range s {
		if r >= 0x4E00 && r <= 0x9FFF {
			return true
		}
	}
	return false
}

func TestCorpusArticle(t *testing.T) {
	c, _ := loadTestdata(t)
	tests := []struct {
		name, article, at string
		wantText          string
		wantErr           bool
	}{
		{"示例法", "第二十条之一", "", "新增的条文。", false},
		{"示例法", "20之1", "", "新增的条文。", false},
		{"示例法", "第二十条", "", "新版第二十条。", false},
		{"示例法", "20", "2016-06-01", "旧版第二十条。", false},
		{"示例法", "第二十条之一", "2016-06-01", "", true},
		{"示例法", "第九十九条", "", "", true},
		{"示例法", "第X条", "", "", true},
		{"民法典", "1260", "", "本法自2021年1月1日起施行。《中华人民共和国婚姻法》同时废止。", false},
	}
	for _, tt := range tests {
		var at time.Time
		if tt.at != "" {
			at = date(tt.at)
		}
		_, a, err := c.Article(tt.name, tt.article, at)
		if tt.wantErr {
			if err == nil {
				t.Errorf("Article(%q, %q) succeeded, want an error", tt.name, tt.article)
			}
			continue
		}
		if err != nil || a.Text != tt.wantText {
			t.Errorf("Article(%q, %q, %s) = %v, %v; want %q", tt.name, tt.article, tt.at, a, err, tt.wantText)
		}
	}
	l, _, err := c.Article("示例法", "第二十条之一", date("2016-06-01"))
	e, ok := errors.AsType[*ArticleNotFoundError](err)
	if !ok || l == nil || l.ID != "示例法@2015-03-15" || !strings.Contains(e.Error(), "该法律没有第二十条之一") {
		t.Errorf("missing article: law %v error %v", l, err)
	}
}

func TestStats(t *testing.T) {
	c, _ := loadTestdata(t)
	s := c.Stats()
	if s.Laws != 10 || s.Versions != 11 {
		t.Errorf("laws %d versions %d, want 10 and 11", s.Laws, s.Versions)
	}
	if got := s.ByStatus[StatusRepealed].Laws; got != 2 {
		t.Errorf("repealed laws %d, want 2", got)
	}
	if got := s.ByStatus[StatusSuperseded]; got.Laws != 0 || got.Versions != 1 {
		t.Errorf("superseded %+v, want 0 laws, 1 version", got)
	}
	if got := s.ByLevel["地方性法规"]; got.Laws != 3 || got.Articles != 3 {
		t.Errorf("地方性法规 %+v", got)
	}
	sum := 0
	for _, l := range c.Laws() {
		sum += len(l.Articles)
	}
	if s.Articles != sum {
		t.Errorf("Articles %d, want %d", s.Articles, sum)
	}
}

func TestImportFilesAndProgress(t *testing.T) {
	var calls, last int
	c, r := ImportWithOptions(ImportOptions{Progress: func(done, total int) { calls++; last = done }, Workers: 2},
		"testdata/laws/宪法相关法/示例法(2023-03-13).md", "testdata/laws/行政法", "testdata/nope")
	if calls != r.Files-1 || last != r.Files-1 {
		t.Errorf("progress called %d times up to %d for %d files", calls, last, r.Files-1)
	}
	if _, ok := c.ByID("示例法@2023-03-13"); !ok {
		t.Error("single file not imported")
	}
	if l, ok := c.ByID("婚姻法@2001-04-28"); !ok || l.Category != "行政法" || l.Level != "法律" {
		t.Errorf("folder below the collection root: %+v", l)
	}
	missing := false
	for _, s := range r.Skipped {
		if s.Path == "testdata/nope" && s.Reason == SkipUnparsable {
			missing = true
		}
	}
	if !missing {
		t.Errorf("missing path not reported: %+v", r.Skipped)
	}
	if _, _, err := Load("testdata/nope"); err == nil {
		t.Error("Load of a missing folder succeeded")
	}
	empty := t.TempDir()
	if err := os.WriteFile(filepath.Join(empty, "攻略.md"), []byte("# 攻略\n\n一、先申请仲裁。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, _, err := Load(empty); err == nil {
		t.Error("Load of a folder without laws succeeded")
	}
}

// sharedCorpusDir finds ../shared/corpus/laws next to the repository root.
func sharedCorpusDir(tb testing.TB) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skip("repository root not found")
		}
		dir = parent
	}
	laws := filepath.Join(dir, "..", "shared", "corpus", "laws")
	if _, err := os.Stat(laws); err != nil {
		tb.Skipf("real corpus not present at %s", laws)
	}
	return laws
}

var (
	fullOnce   sync.Once
	fullCorpus *Corpus
	fullReport *Report
	fullErr    error
)

func loadFull(t *testing.T) (*Corpus, *Report) {
	dir := sharedCorpusDir(t)
	fullOnce.Do(func() { fullCorpus, fullReport, fullErr = Load(dir) })
	if fullErr != nil {
		t.Fatal(fullErr)
	}
	return fullCorpus, fullReport
}

func TestLoadFullCorpus(t *testing.T) {
	c, r := loadFull(t)
	dir := sharedCorpusDir(t)
	var files int
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			files++
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if r.Files != files {
		t.Errorf("examined %d files, the folder has %d", r.Files, files)
	}
	if r.Files != r.Versions+r.Merged+len(r.Skipped) {
		t.Errorf("files %d != versions %d + merged %d + skipped %d", r.Files, r.Versions, r.Merged, len(r.Skipped))
	}
	for _, s := range r.Skipped {
		if s.Reason == SkipUnparsable || s.Reason == SkipUnsupported {
			t.Errorf("%s: %s %s", s.Path, s.Reason, s.Detail)
		}
	}
	// The civil code: eight files, one law, articles 1..1260 without a gap.
	code, err := c.Resolve("民法典", time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(code.Articles) != 1260 {
		t.Errorf("民法典 has %d articles", len(code.Articles))
	}
	for i, a := range code.Articles {
		if a.Number != i+1 || a.Sub != 0 {
			t.Fatalf("民法典 article %d is %s", i+1, a.Label)
		}
	}
	if got := strings.Join(code.Article(1260, 0).Chapters, "/"); got != "附则" {
		t.Errorf("第一千二百六十条 chapters %q", got)
	}
	if got := code.Article(705, 0).Chapters[0]; got != "第三编 合同" {
		t.Errorf("第七百零五条 book %q", got)
	}
	tests := []struct {
		name, article, at, wantID, prefix string
	}{
		{"行政处罚法", "16", "", "行政处罚法@2021-01-22", "除法律、法规、规章外，其他规范性文件不得设定行政处罚。"},
		{"立法法", "第八十条", "", "立法法@2023-03-13", "省、自治区、直辖市的人民代表大会及其常务委员会"},
		{"立法法", "第七十二条", "2020-01-01", "立法法@2015-03-15", "省、自治区、直辖市的人民代表大会及其常务委员会"},
		{"行诉法", "12", "", "行政诉讼法@2017-06-27", "人民法院受理公民、法人或者其他组织提起的下列诉讼"},
		{"《中华人民共和国村民委员会组织法》", "第二十七条", "", "村民委员会组织法@2018-12-29", "村民会议可以制定和修改村民自治章程、村规民约"},
		{"宪法", "第四十九条", "", "宪法@2018-03-11", "婚姻、家庭、母亲和儿童受国家的保护。"},
	}
	for _, tt := range tests {
		var at time.Time
		if tt.at != "" {
			at = date(tt.at)
		}
		l, a, err := c.Article(tt.name, tt.article, at)
		if err != nil {
			t.Errorf("Article(%q, %q): %v", tt.name, tt.article, err)
			continue
		}
		if l.ID != tt.wantID || !strings.HasPrefix(a.Text, tt.prefix) {
			t.Errorf("Article(%q, %q, %s) = %s %q; want %s %q…", tt.name, tt.article, tt.at, l.ID, a.Text, tt.wantID, tt.prefix)
		}
	}
	if l, _ := c.Resolve("信访条例", time.Time{}); l == nil || l.Status != StatusRepealed {
		t.Errorf("信访条例 (expired in meta.tsv, no later version) should be repealed: %+v", l)
	}
	st := c.Stats()
	if st.ByLevel["地方性法规"].Laws == 0 || st.ByLevel["司法解释"].Laws == 0 || st.ByLevel["宪法"].Laws == 0 {
		t.Errorf("levels missing: %+v", st.ByLevel)
	}
}

func BenchmarkLoadFullCorpus(b *testing.B) {
	dir := sharedCorpusDir(b)
	for b.Loop() {
		if _, _, err := Load(dir); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkResolveArticle(b *testing.B) {
	c, err := Default()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, _, err := c.Article("中华人民共和国民法典", "第一千二百六十条", time.Time{}); err != nil {
			b.Fatal(err)
		}
	}
}
