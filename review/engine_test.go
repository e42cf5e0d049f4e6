package review

import (
	"errors"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
	"unicode/utf8"

	"lawreview/corpus"
)

// reviewDate fixes the law's date so that results do not change when a
// law is amended after the tests were written.
var reviewDate = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)

var (
	engineOnce sync.Once
	sharedEng  *Engine
	engineErr  error
)

// testEngine is the engine over the default corpus, as the CLI builds it.
func testEngine(t testing.TB) *Engine {
	t.Helper()
	engineOnce.Do(func() {
		var c *corpus.Corpus
		c, engineErr = corpus.Default()
		if engineErr == nil {
			sharedEng, engineErr = New(Config{Laws: c})
		}
	})
	if engineErr != nil {
		t.Fatalf("build engine: %v", engineErr)
	}
	return sharedEng
}

// checkInvariants is what every consumer of a report relies on.
func checkInvariants(t testing.TB, name string, rep *Report) {
	t.Helper()
	runes := []rune(rep.Text)
	prev := -1
	for _, f := range rep.Findings {
		if f.Start < 0 || f.End > len(runes) || f.Start >= f.End {
			t.Errorf("%s: %s: bad span [%d,%d) for text of %d runes", name, f.Rule, f.Start, f.End, len(runes))
			continue
		}
		if got := string(runes[f.Start:f.End]); got != f.Quote {
			t.Errorf("%s: %s: text[%d:%d] = %q, quote %q", name, f.Rule, f.Start, f.End, got, f.Quote)
		}
		if strings.TrimSpace(f.Quote) == "" {
			t.Errorf("%s: %s: empty quote", name, f.Rule)
		}
		if want := strings.Count(string(runes[:f.Start]), "\n") + 1; f.Line != want {
			t.Errorf("%s: %s: line %d, want %d", name, f.Rule, f.Line, want)
		}
		if f.Start < prev {
			t.Errorf("%s: findings not sorted by start", name)
		}
		prev = f.Start
		if f.Basis == nil || f.Related == nil {
			t.Errorf("%s: %s: nil basis or related (JSON must carry [])", name, f.Rule)
		}
	}
	if len(rep.Checklist) < len(Items) {
		t.Errorf("%s: checklist has %d entries, want every item", name, len(rep.Checklist))
	}
	for _, c := range rep.Checklist {
		switch c.Status {
		case StatusProblem, StatusOK, StatusManual:
		default:
			t.Errorf("%s: checklist %s has status %q", name, c.Item, c.Status)
		}
	}
}

func flagged(rep *Report, id string) *Finding {
	for i, f := range rep.Findings {
		if f.Rule == id || contains(f.Merged, id) {
			return &rep.Findings[i]
		}
	}
	return nil
}

func typesOf(r *Rule) []string {
	if contains(r.Types, "*") {
		return Types
	}
	return r.Types
}

// TestRuleExamples runs every example of every rule as a one-sentence
// document of every type the rule applies to.
func TestRuleExamples(t *testing.T) {
	e := testEngine(t)
	for _, r := range e.Rules() {
		if r.Manual {
			continue
		}
		t.Run(r.ID, func(t *testing.T) {
			for _, typ := range typesOf(r) {
				for _, ex := range r.Examples.Trigger {
					rep, err := e.Review(Input{Text: ex}, Options{Type: typ, At: reviewDate})
					if err != nil {
						t.Fatal(err)
					}
					checkInvariants(t, ex, rep)
					f := flagged(rep, r.ID)
					if f == nil {
						t.Errorf("[%s] should trigger on %q; got %v", typ, ex, ruleIDs(rep))
						continue
					}
					if !strings.Contains(ex, f.Quote) {
						t.Errorf("[%s] quote %q is not within the example %q", typ, f.Quote, ex)
					}
				}
				for _, ex := range r.Examples.Pass {
					rep, err := e.Review(Input{Text: ex}, Options{Type: typ, At: reviewDate})
					if err != nil {
						t.Fatal(err)
					}
					checkInvariants(t, ex, rep)
					if f := flagged(rep, r.ID); f != nil {
						t.Errorf("[%s] should not trigger on %q (quote %q)", typ, ex, f.Quote)
					}
				}
			}
		})
	}
}

func ruleIDs(rep *Report) []string {
	var ids []string
	for _, f := range rep.Findings {
		ids = append(ids, f.Rule+strings.Join(append([]string{""}, f.Merged...), "+"))
	}
	return ids
}

// TestCoverage keeps the rule set from shrinking below what the checklist
// promises: at least 45 automated rules and rules for each type.
func TestCoverage(t *testing.T) {
	e := testEngine(t)
	auto := 0
	byType := map[string]int{}
	for _, r := range e.Rules() {
		if r.Manual {
			continue
		}
		auto++
		for _, typ := range typesOf(r) {
			byType[typ]++
		}
	}
	if auto < 45 {
		t.Errorf("%d automated rules, want at least 45", auto)
	}
	for _, typ := range Types {
		if byType[typ] < 8 {
			t.Errorf("type %s has %d rules, want at least 8", typ, byType[typ])
		}
	}
}

// fakeLaws knows one law with two articles.
type fakeLaws struct{}

func (fakeLaws) Resolve(name string, at time.Time) (*corpus.Law, error) {
	if strings.TrimPrefix(name, "中华人民共和国") != "测试法" {
		return nil, &corpus.NotFoundError{Name: name}
	}
	return &corpus.Law{Name: "中华人民共和国测试法", ShortName: "测试法", Status: corpus.StatusCurrent,
		Articles: []corpus.Article{{Number: 1, Label: "第一条", Text: "第一条的内容。"}, {Number: 2, Label: "第二条", Text: "第二条的内容。"}}}, nil
}

func (f fakeLaws) Article(name, article string, at time.Time) (*corpus.Law, *corpus.Article, error) {
	l, err := f.Resolve(name, at)
	if err != nil {
		return nil, nil, err
	}
	for i := range l.Articles {
		if l.Articles[i].Label == article {
			return l, &l.Articles[i], nil
		}
	}
	return l, nil, errors.New("no such article")
}

const fakeRule = `id: test-fine
title: 测试
item: 内容合法性
types: [村规民约]
severity: error
match: {any: [罚款]}
message: 不得罚款。
basis:
  - {law: 测试法, article: %s}
examples:
  trigger: [违者罚款。]
`

func TestNewResolvesBasis(t *testing.T) {
	for _, tc := range []struct {
		article string
		ok      bool
	}{{"第二条", true}, {"第九条", false}} {
		fsys := fstest.MapFS{"test-fine.yaml": {Data: []byte(strings.Replace(fakeRule, "%s", tc.article, 1))}}
		rules, err := LoadRules(fsys)
		if err != nil {
			t.Fatal(err)
		}
		e, err := New(Config{Laws: fakeLaws{}, Rules: rules})
		var be *BasisError
		if tc.ok {
			if err != nil {
				t.Fatalf("%s: %v", tc.article, err)
			}
			rep, err := e.Review(Input{Text: "违者罚款。"}, Options{Type: "村规民约"})
			if err != nil {
				t.Fatal(err)
			}
			if len(rep.Findings) != 1 || rep.Findings[0].Basis[0].Text != "第二条的内容。" {
				t.Errorf("basis text not resolved: %+v", rep.Findings)
			}
		} else if !errors.As(err, &be) {
			t.Errorf("%s: want BasisError, got %v", tc.article, err)
		}
	}
}

func TestLoadRulesRejectsBadRules(t *testing.T) {
	good := strings.Replace(fakeRule, "%s", "第二条", 1)
	for name, mutate := range map[string]func(string) string{
		"unknown key":  func(s string) string { return s + "speling: x\n" },
		"bad severity": func(s string) string { return strings.Replace(s, "severity: error", "severity: fatal", 1) },
		"bad item":     func(s string) string { return strings.Replace(s, "内容合法性", "别的", 1) },
		"bad regex":    func(s string) string { return strings.Replace(s, "match: {any: [罚款]}", "match: {regex: ['(']}", 1) },
		"bad gap": func(s string) string {
			return strings.Replace(s, "match: {any: [罚款]}", `match: {patterns: [[违者, "*x", 罚款]]}`, 1)
		},
		"no examples":    func(s string) string { return s[:strings.Index(s, "examples:")] },
		"wrong file id":  func(s string) string { return strings.Replace(s, "id: test-fine", "id: other", 1) },
		"kind disagrees": func(s string) string { return s + "kind: require\n" },
		"unknown kind":   func(s string) string { return s + "kind: pattern\n" },
	} {
		fsys := fstest.MapFS{"test-fine.yaml": {Data: []byte(mutate(good))}}
		if _, err := LoadRules(fsys); err == nil {
			t.Errorf("%s: rule accepted", name)
		}
	}
}

func TestDetectType(t *testing.T) {
	for _, tc := range []struct{ title, text, want string }{
		{"东山村村规民约", "", "村规民约"},
		{"幸福社区居民公约（草案）", "", "居民公约"},
		{"锦华苑小区居民文明公约", "", "居民公约"},
		{"石桥村移风易俗文明公约", "", "村规民约"},
		{"东山镇人民政府关于印发农村宅基地管理办法的通知", "", "规范性文件"},
		{"东山镇农村生活垃圾治理实施办法（试行）", "", "规范性文件"},
		{"东山镇人民政府关于实施畜禽禁养区养殖场关停搬迁的决定", "", "决定"},
		{"集体鱼塘承包合同", "", "合同"},
		{"房屋征收补偿协议书", "", "合同"},
		{"", "甲方：东山村村民委员会\n乙方：李四\n双方约定如下", "合同"},
		{"", "为了加强本村管理，经村民会议讨论通过，本村村民应当遵守", "村规民约"},
		{"会议纪要", "今天开了会。", TypeOther},
		// (Round 29.) A township's call to its people, who are 居民 in its
		// words, is no residents' rule; the same words under an estate's
		// own title still are.
		{"东岭镇秸秆禁烧倡议书", "全镇广大居民：\n请广大居民不在田间焚烧秸秆，居民之间互相提醒。", TypeOther},
		{"", "全体居民：\n本小区居民应当文明养犬，居民之间互相监督，业主共同遵守。", "居民公约"},
		// (Round 43f.) Read as the review reads it: traditional characters
		// folded (現將…通告如下, 本辦法自…施行), as the same text in simplified.
		{"尊敬的東山鎮居民:", "尊敬的東山鎮居民:\n為維護公共安全，現將有關事項通告如下:\n一、禁止在圩鎮范圍內燃放煙花爆竹。", "规范性文件"},
		// (Round 43f.) Notices laying duties on the public: a long subject
		// before 通告如下, a decision announced 特此通告, a title broken
		// before its spaced-out kind, a letter announcing a body's decision
		// on a measure; a letter that only informs stays 其他.
		{"全乡广大村民:", "全乡广大村民:\n根据县政府要求，现将秸秆(含废旧地膜及垃圾,以下同)禁烧有关规定通告如下:\n一、全乡境内严禁焚烧秸秆。", "规范性文件"},
		{"广大村民群众:", "广大村民群众:\n为加强集市环境管理，经东山镇人民政府研究决定，自2026年2月10日起在集市实施环境综合整治，特此通告。\n一、整治时间", "规范性文件"},
		{"关于全面取消赶集的", "关于全面取消赶集的\n公 告\n各集市经营户：\n经研究决定，从即日起取消赶集。", "规范性文件"},
		{"广大市民朋友们:", "广大市民朋友们:\n经县疫情防控工作指挥部研究，决定于8月12日在青海园小区举行疫情防控应急演练，届时实施场地管控。\n敬请广大市民朋友积极配合，不围观。", "规范性文件"},
		{"广大村民朋友们：", "广大村民朋友们：\n秋收季节到了，请大家注意防火安全，相互转告。\n东山镇人民政府", TypeOther},
		{"東山縣鼓勵投資優惠辦法", "東山縣鼓勵投資優惠辦法\n第一條 為改善投資環境，制定本辦法。\n第二條 本辦法自發布之日起施行。", "规范性文件"},
	} {
		if got := DetectType(tc.title, tc.text); got != tc.want {
			t.Errorf("DetectType(%q) = %s, want %s", tc.title+tc.text, got, tc.want)
		}
	}
}

func TestMergeKeepsMostSevereAndUnionsBasis(t *testing.T) {
	e := testEngine(t)
	// Fines and withheld benefits aimed at one family: several rules, one place.
	text := "参与赌博的，罚款500元并停发其全户当年的福利待遇。"
	rep, err := e.Review(Input{Text: text}, Options{Type: "村规民约", At: reviewDate})
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, text, rep)
	var clause []Finding
	for _, f := range rep.Findings {
		if !f.Document {
			clause = append(clause, f)
		}
	}
	if len(clause) != 1 {
		t.Fatalf("want one merged finding, got %v", ruleIDs(rep))
	}
	f := clause[0]
	if f.Severity != SeverityError || len(f.Merged) == 0 {
		t.Errorf("merged finding %s severity %s merged %v", f.Rule, f.Severity, f.Merged)
	}
	laws := map[string]bool{}
	for _, b := range f.Basis {
		laws[b.Law+b.Article] = true
	}
	if len(laws) != len(f.Basis) || len(f.Basis) < 3 {
		t.Errorf("basis not a de-duplicated union: %+v", f.Basis)
	}
}

func TestValidityProvinceLimits(t *testing.T) {
	c, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	prov := map[string]Limit{"default": {Normal: 5, Provisional: 2}, "某省": {Normal: 3, Provisional: 1}}
	e, err := New(Config{Laws: c, Provinces: prov})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		title, text, province string
		want                  bool
	}{
		{"东山镇管理办法", "本办法自2025年3月1日起施行，有效期四年。", "", false},
		{"东山镇管理办法", "本办法自2025年3月1日起施行，有效期四年。", "某省", true},
		{"东山镇管理办法（试行）", "本办法自2025年3月1日起施行，有效期三年。", "", true},
		{"东山镇管理办法", "本办法自2025年3月1日起施行，有效期至2030年2月28日。", "", false},
		{"东山镇管理办法", "本办法自2025年3月1日起施行，有效期至2031年2月28日。", "", true},
	} {
		rep, err := e.Review(Input{Title: tc.title, Text: tc.title + "\n" + tc.text}, Options{Type: "规范性文件", Province: tc.province, At: reviewDate})
		if err != nil {
			t.Fatal(err)
		}
		if got := flagged(rep, "nd-validity-too-long") != nil; got != tc.want {
			t.Errorf("%s %s [%s]: flagged %v, want %v", tc.title, tc.text, tc.province, got, tc.want)
		}
	}
}

// TestSupersededSuccessorTitle: a repealed law's finding names its
// successor by the title the corpus gives it, for every entry of the
// superseded table whose successor the corpus holds.
func TestSupersededSuccessorTitle(t *testing.T) {
	e := testEngine(t)
	checked := 0
	for short, sup := range e.superseded {
		if reviewDate.Before(sup.since) {
			continue
		}
		law, err := e.laws.Resolve(sup.ReplacedBy, reviewDate)
		if err != nil || law == nil {
			continue
		}
		text := "依照《" + short + "》的有关规定，制定本规定。"
		rep, err := e.Review(Input{Text: text}, Options{Type: "规范性文件", At: reviewDate})
		if err != nil {
			t.Fatal(err)
		}
		f := flagged(rep, "citation-repealed")
		if f == nil {
			t.Errorf("%q: no citation-repealed; got %v", text, ruleIDs(rep))
			continue
		}
		if want := "《" + law.Name + "》"; !strings.Contains(f.Suggestion, want) {
			t.Errorf("%s: suggestion %q, want %s", short, f.Suggestion, want)
		}
		checked++
	}
	if checked == 0 {
		t.Fatal("no superseded entry whose successor the corpus holds")
	}
}

func TestCitations(t *testing.T) {
	e := testEngine(t)
	for _, tc := range []struct {
		text, rule, quote string
	}{
		{"根据《中华人民共和国婚姻法》第二十一条规定，子女应当赡养父母。", "citation-repealed", "《中华人民共和国婚姻法》第二十一条"},
		{"依照《村民委员会组织法》第五十条制定。", "citation-unknown-article", "《村民委员会组织法》第五十条"},
		{"依照《村民委员会组织法》第二十七条、第九十条制定。", "citation-unknown-article", "第九十条"},
		{"根据《中华人民共和国行政处罚法》（2009年修正）第二十条制定。", "citation-old-version", "《中华人民共和国行政处罚法》（2009年修正）第二十条"},
		{"根据《某某县村容村貌管理条例》制定。", "citation-unknown-law", "《某某县村容村貌管理条例》"},
		{"依据物权法的有关规定，集体财产受法律保护。", "citation-repealed", "物权法"},
	} {
		rep, err := e.Review(Input{Text: tc.text}, Options{Type: "村规民约", At: reviewDate})
		if err != nil {
			t.Fatal(err)
		}
		checkInvariants(t, tc.text, rep)
		f := flagged(rep, tc.rule)
		if f == nil {
			t.Errorf("%q: no %s; got %v", tc.text, tc.rule, ruleIDs(rep))
			continue
		}
		if f.Quote != tc.quote {
			t.Errorf("%q: quote %q, want %q", tc.text, f.Quote, tc.quote)
		}
	}
	// A repealed law's article, or an old version's, is pointed to the
	// article that holds its rule now, which joins the basis.
	for _, tc := range []struct {
		text, rule, suggestion, basis string
	}{
		{"依照《中华人民共和国合同法》第五十二条，本合同条款无效。", "citation-repealed", "《合同法》第五十二条的内容现由《中华人民共和国民法典》第一百五十三条规定", "第一百五十三条"},
		{"依照《物权法》第五十九条，集体所有的财产属于本集体成员集体所有。", "citation-repealed", "《中华人民共和国民法典》第二百六十一条规定", "第二百六十一条"},
		{"根据《中华人民共和国行政处罚法》（2017年修正）第十四条制定。", "citation-old-version", "《行政处罚法》（2017年版本）第十四条的内容现由《中华人民共和国行政处罚法》第十六条规定", "第十六条"},
	} {
		rep, err := e.Review(Input{Text: tc.text}, Options{Type: "规范性文件", At: reviewDate})
		if err != nil {
			t.Fatal(err)
		}
		f := flagged(rep, tc.rule)
		if f == nil {
			t.Errorf("%q: no %s; got %v", tc.text, tc.rule, ruleIDs(rep))
			continue
		}
		if !strings.Contains(f.Suggestion, tc.suggestion) {
			t.Errorf("%q: suggestion %q, want %q", tc.text, f.Suggestion, tc.suggestion)
		}
		found := false
		for _, b := range f.Basis {
			found = found || b.Article == tc.basis
		}
		if !found {
			t.Errorf("%q: basis %+v lacks %s", tc.text, f.Basis, tc.basis)
		}
	}
	// Before 2021 the 婚姻法 was in force.
	text := "根据《中华人民共和国婚姻法》第二十一条规定，子女应当赡养父母。"
	rep, err := e.Review(Input{Text: text}, Options{Type: "村规民约", At: time.Date(2019, 1, 1, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	if flagged(rep, "citation-repealed") != nil {
		t.Error("婚姻法 flagged as repealed in 2019")
	}
}

func TestDocumentFindingsQuoteTitle(t *testing.T) {
	e := testEngine(t)
	text := "东山镇农村建房管理办法\n第一条 为规范建房秩序，制定本办法。\n第二条 建房应当符合规划。"
	rep, err := e.Review(Input{Title: "东山镇农村建房管理办法", Text: text}, Options{At: reviewDate})
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, "doc", rep)
	if rep.Type != "规范性文件" {
		t.Fatalf("type %s", rep.Type)
	}
	for _, id := range []string{"nd-effective-date", "nd-validity-missing"} {
		f := flagged(rep, id)
		if f == nil {
			t.Errorf("no %s", id)
		} else if f.Quote != "东山镇农村建房管理办法" || f.Line != 1 {
			t.Errorf("%s quotes %q line %d, want the title", id, f.Quote, f.Line)
		}
	}
}

func TestBadTypeIsTypedError(t *testing.T) {
	e := testEngine(t)
	_, err := e.Review(Input{Text: "x"}, Options{Type: "公告"})
	var te *TypeError
	if !errors.As(err, &te) || !utf8.ValidString(err.Error()) {
		t.Errorf("want TypeError, got %v", err)
	}
}

// Past its work limits a review stops with a LimitError and a Chinese
// message instead of doing the work (issue 14: a 1.6 MB table gave 30,912
// findings and a review page that never came).
func TestLimits(t *testing.T) {
	e := testEngine(t)
	clause := "村民不得越级上访，违者由村委会处以500元罚款。\n"
	cases := []struct {
		name  string
		text  string
		lim   Limits
		limit string // "" = reviewed
	}{
		{"within every limit", "村规民约\n" + strings.Repeat(clause, 20), Limits{}, ""},
		{"too many characters", "村规民约\n" + strings.Repeat("村民应当爱护公共设施。", 30), Limits{MaxChars: 200}, "chars"},
		{"too many paragraphs", "村规民约\n" + strings.Repeat("爱护公共设施。\n", 50), Limits{MaxParagraphs: 20}, "paragraphs"},
		{"too many findings", "村规民约\n" + strings.Repeat(clause, 40), Limits{MaxFindings: 30}, "findings"},
		{"far too many findings, stopped while matching", "村规民约\n" + strings.Repeat(clause, 400), Limits{MaxFindings: 30}, "findings"},
	}
	for _, c := range cases {
		rep, err := e.Review(Input{File: "t.txt", Text: c.text}, Options{Type: "村规民约", Limits: c.lim})
		var le *LimitError
		switch {
		case c.limit == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.limit == "" && len(rep.Findings) == 0:
			t.Errorf("%s: no findings", c.name)
		case c.limit != "" && (!errors.As(err, &le) || le.Limit != c.limit):
			t.Errorf("%s: %v, want a LimitError on %s", c.name, err, c.limit)
		case c.limit != "" && !strings.ContainsFunc(le.Msg, func(r rune) bool { return r >= 0x4E00 && r <= 0x9FFF }):
			t.Errorf("%s: message %q is not Chinese", c.name, le.Msg)
		}
	}
	if DefaultLimits.MaxFindings < 100 || DefaultLimits.MaxChars < 100_000 {
		t.Errorf("default limits %+v would refuse genuine drafts", DefaultLimits)
	}
}

// TestMisnamedLawFine: a fine whose only cited basis is a law that does not
// exist by that name has no basis (行政处罚法 第三十八条) and is an error;
// a misnamed law beside one that resolves, under no fine, or a local name
// no national law resembles stays a clerk's check (提示).
func TestMisnamedLawFine(t *testing.T) {
	c, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	// The embedded corpus holds forty national laws; the full one, which
	// the command reads, holds the law the misnamed one garbles.
	e, err := New(Config{Laws: withNames{c, []string{"大气污染防治法"}}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		typ, text string
		want      Severity
	}{
		{"其他", "村民在自家田地焚烧秸秆，根据《中华人民共和国大气污染法》第七十七条、《村规民约》之规定，限你三日内缴纳罚款500元。", SeverityError},
		{"规范性文件", "依据《中华人民共和国大气污染法》，在禁烧区焚烧秸秆的，处二百元罚款。", SeverityError},
		{"规范性文件", "| 违规行为 | 处理 |\n| 露天焚烧 | 依照《中华人民共和国大气污染法》罚款五百元 |", SeverityError},
		{"规范性文件", "依据《中华人民共和国大气污染法》和《中华人民共和国大气污染防治法》第一百一十九条，焚烧秸秆的，处五百元以上二千元以下罚款。", SeverityInfo},
		{"规范性文件", "根据《中华人民共和国大气污染法》，各村要做好秸秆禁烧的宣传。", SeverityInfo},
		{"规范性文件", "根据《某某县村容村貌管理条例》，乱倒垃圾的，罚款二百元。", SeverityInfo},
	} {
		rep, err := e.Review(Input{Text: tc.text}, Options{Type: tc.typ, At: reviewDate})
		if err != nil {
			t.Fatal(err)
		}
		checkInvariants(t, tc.text, rep)
		f := flagged(rep, "citation-unknown-law")
		if f == nil {
			t.Errorf("%q: no citation-unknown-law; got %v", tc.text, ruleIDs(rep))
			continue
		}
		if f.Severity != tc.want {
			t.Errorf("%q: severity %s, want %s (%s)", tc.text, f.Severity, tc.want, f.Message)
		}
	}
}

// withNames is a law source that lists more national names than it holds.
type withNames struct {
	*corpus.Corpus
	extra []string
}

func (w withNames) NationalNames() []string { return append(w.Corpus.NationalNames(), w.extra...) }

// TestOnceKeepsDistinctWrongs: a once rule drops the party line repeated at
// the signatures, not a second wrong of another shape (round 48v, ht-4810:
// the land price a township fixed fell behind the firm's "taking" land).
func TestOnceKeepsDistinctWrongs(t *testing.T) {
	e := testEngine(t)
	text := "投资协议书\n甲方：某某镇土地整理领导小组\n乙方：某某公司\n一、乙方在甲方创办的工业集中区征地一宗。\n二、土地使用权出让金按3万元/亩结算。\n甲方：某某镇土地整理领导小组（盖章）\n乙方：某某公司（盖章）\n"
	rep, err := e.Review(Input{Text: text}, Options{Type: "合同", At: reviewDate})
	if err != nil {
		t.Fatal(err)
	}
	checkInvariants(t, text, rep)
	var quotes []string
	for _, f := range rep.Findings {
		if f.Rule == "ct-capacity" || contains(f.Merged, "ct-capacity") {
			quotes = append(quotes, f.Quote)
		}
	}
	if len(quotes) != 3 {
		t.Fatalf("want the party line once, the taking and the price: got %q", quotes)
	}
	for _, q := range quotes[1:] {
		if strings.Contains(q, "领导小组") {
			t.Errorf("party line reported twice: %q", quotes)
		}
	}
}
