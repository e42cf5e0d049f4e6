package review

import (
	"strings"
	"testing"
)

// The reasoning a finding carries — its rule, title, message and basis —
// goes into the signed opinion, the Word comment and the precedent, so it
// must be the reasoning for the clause as read: the rule whose subject the
// clause is about names a merged place, and the articles cited are those
// that govern the document's type.

// TestMergedPlaceNamesItsSubject: where several rules mark one clause, the
// winner is the rule about the clause's subject.
func TestMergedPlaceNamesItsSubject(t *testing.T) {
	e := testEngine(t)
	for _, tc := range []struct {
		text, typ, want, alsoMerged string
	}{
		// 外嫁女 and her children lose their share: a women's-rights clause,
		// not a family punishment, though 其子女 is named.
		{"出嫁女及其子女一律不得享受村集体分红。", "村规民约", "vr-women-rights", "vr-collective-punishment"},
		{"本村姑娘嫁到外村的，其本人及子女不得享受村集体分红。", "村规民约", "vr-women-rights", ""},
		// The family is the subject here: a punishment reaching relatives.
		{"参与赌博的，其家庭成员一律不得享受集体分红。", "村规民约", "vr-collective-punishment", ""},
	} {
		rep, err := e.Review(Input{Text: tc.text}, Options{Type: tc.typ, At: reviewDate})
		if err != nil {
			t.Fatal(err)
		}
		var got *Finding
		for i, f := range rep.Findings {
			if !f.Document {
				got = &rep.Findings[i]
				break
			}
		}
		if got == nil {
			t.Errorf("%q: no clause finding", tc.text)
			continue
		}
		if got.Rule != tc.want {
			t.Errorf("%q: winner %s (merged %v), want %s", tc.text, got.Rule, got.Merged, tc.want)
		}
		if tc.alsoMerged != "" && !contains(got.Merged, tc.alsoMerged) {
			t.Errorf("%q: merged %v, want %s among them", tc.text, got.Merged, tc.alsoMerged)
		}
		if r := e.rule(tc.want); r != nil && got.Title != r.Title {
			t.Errorf("%q: title %q is not the winner's %q", tc.text, got.Title, r.Title)
		}
	}
}

// TestBasisFitsDocumentType: a 村规民约 finding never cites the law on
// residents' committees, a 居民公约 finding never the law on villagers'
// committees — over every trigger example of every rule, so a new rule
// that forgets its types is caught.
func TestBasisFitsDocumentType(t *testing.T) {
	e := testEngine(t)
	wrong := map[string]string{"村规民约": "城市居民委员会组织法", "居民公约": "村民委员会组织法"}
	for _, r := range e.Rules() {
		if r.Manual {
			continue
		}
		for typ, law := range wrong {
			if !r.applies(typ) {
				continue
			}
			for _, ex := range r.Examples.Trigger {
				rep, err := e.Review(Input{Text: ex}, Options{Type: typ, At: reviewDate})
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range rep.Findings {
					for _, b := range f.Basis {
						if strings.Contains(b.Law, law) && !strings.Contains(b.Law, "城市"+law) {
							t.Errorf("[%s] %s on %q cites %s%s", typ, f.Rule, ex, b.Law, b.Article)
						}
					}
				}
			}
		}
	}
	// The checklist's manual notes follow the same rule.
	rep, err := e.Review(Input{Text: "本村村规民约经村民会议讨论通过。"}, Options{Type: "村规民约", At: reviewDate})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range rep.Checklist {
		if strings.Contains(c.Note, "城市居民委员会组织法") {
			t.Errorf("村规民约 checklist note cites the residents' committee law: %s", c.Note)
		}
	}
}

// TestBasisOfAFine: a fine is not a deprivation of personal freedom, and a
// catch-all merged into a specific place adds none of its generic
// articles. The 居民公约 case is the issue's: a charge per missed hour of
// 'volunteer' service cited 村民委员会组织法 and 宪法 第三十七条 beside
// the residents' law.
func TestBasisOfAFine(t *testing.T) {
	e := testEngine(t)
	for _, tc := range []struct {
		text, typ string
		banned    []string
	}{
		{"违者罚款200元。", "村规民约", []string{"宪法第三十七条", "城市居民委员会组织法第十五条"}},
		{"乱倒垃圾的，每次罚款五十元并责令清理。", "居民公约", []string{"宪法第三十七条", "村民委员会组织法第二十七条"}},
		{"未完成志愿服务时长的住户，每缺一小时交纳二十元社区公益金。", "居民公约", []string{"村民委员会组织法第二十七条"}},
	} {
		rep, err := e.Review(Input{Text: tc.text}, Options{Type: tc.typ, At: reviewDate})
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, f := range rep.Findings {
			if f.Document {
				continue
			}
			n++
			for _, b := range f.Basis {
				for _, ban := range tc.banned {
					if strings.HasSuffix(b.Law+b.Article, ban) && !strings.HasSuffix(b.Law+b.Article, "城市"+ban) {
						t.Errorf("[%s] %q: %s cites %s%s", tc.typ, tc.text, f.Rule, b.Law, b.Article)
					}
				}
			}
		}
		if n == 0 {
			t.Errorf("[%s] %q: no finding", tc.typ, tc.text)
		}
	}
}

// TestFallbackKeepsTheSpecificPlace: a catch-all or a rule's family that
// reads the whole sentence joins the specific finding it overlaps (listed
// under merged) without widening its quote to the sentence: the quote goes
// into the opinion and the Word comment as the words the finding is about.
func TestFallbackKeepsTheSpecificPlace(t *testing.T) {
	e := testEngine(t)
	for _, tc := range []struct {
		text, typ, rule, quote, merged string
	}{
		// Local protection's family reads the whole condition; the exit
		// barrier marked the promise not to move out.
		{"获得政府奖励的企业，10年内不外迁至县外（包括将公司资质剥离）。", "规范性文件",
			"nd-exit-barrier", "10年内不外迁至县外（包括将公司资质剥离）", "nd-local-protection"},
	} {
		rep, err := e.Review(Input{Text: tc.text}, Options{Type: tc.typ, At: reviewDate})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, f := range rep.Findings {
			if f.Rule != tc.rule {
				continue
			}
			found = true
			if f.Quote != tc.quote {
				t.Errorf("%q: quote %q, want %q", tc.text, f.Quote, tc.quote)
			}
			if !contains(f.Merged, tc.merged) {
				t.Errorf("%q: merged %v, want %s among them", tc.text, f.Merged, tc.merged)
			}
		}
		if !found {
			t.Errorf("%q: no %s finding in %+v", tc.text, tc.rule, rep.Findings)
		}
	}
}

// TestBasisFitsClauseSubject: an article limited by `when` is cited only
// on a sentence about its subject — the bidding statutes on a tender's
// local preference, not on a subsidy kept to firms that stay in the county.
func TestBasisFitsClauseSubject(t *testing.T) {
	e := testEngine(t)
	bidding := []string{"招标投标法", "招标投标法实施条例", "政府采购法实施条例"}
	for _, tc := range []struct {
		text    string
		bidding bool
	}{
		{"获得政府奖励的企业，10年内不外迁至县外。", false},
		{"本县政府投资项目招标时，投标人须在本县注册登记。", true},
		{"政府采购货物时，优先采购本地企业生产的产品。", true},
	} {
		rep, err := e.Review(Input{Text: tc.text}, Options{Type: "规范性文件", At: reviewDate})
		if err != nil {
			t.Fatal(err)
		}
		clause := false
		for _, f := range rep.Findings {
			if f.Document {
				continue
			}
			clause = true
			cites := false
			for _, b := range f.Basis {
				for _, l := range bidding {
					cites = cites || strings.HasSuffix(b.Law, l)
				}
			}
			if cites != tc.bidding {
				t.Errorf("%q (%s): cites the bidding statutes %v, want %v (%v)", tc.text, f.Rule, cites, tc.bidding, f.Basis)
			}
		}
		if !clause {
			t.Errorf("%q: no clause finding", tc.text)
		}
	}
}

// TestBasisWhenChecked: a `when` that does not compile, or a rule whose
// every basis is conditional, is refused with a Chinese message.
func TestBasisWhenChecked(t *testing.T) {
	base := func(basis string) string {
		return "id: x-when\ntitle: 测试\nitem: 内容合法性\ntypes: [规范性文件]\nseverity: error\nmatch:\n  regex: ['罚款']\nmessage: 测试。\nbasis:\n" + basis + "examples:\n  trigger: ['处以罚款']\n"
	}
	for name, tc := range map[string]struct{ basis, want string }{
		"bad regexp":      {"  - {law: 行政处罚法, article: 第十六条}\n  - {law: 招标投标法, article: 第六条, when: '招标('}\n", "when 不是有效的正则表达式"},
		"all conditional": {"  - {law: 招标投标法, article: 第六条, when: '招标'}\n", "无条件"},
	} {
		_, err := ParseRule("x-when.yaml", []byte(base(tc.basis)))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one saying %q", name, err, tc.want)
		}
	}
}
