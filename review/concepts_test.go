package review

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"lawreview/corpus"
	"lawreview/review/precedent"
)

// The concepts compile from the word classes, in order; a bad file is
// refused.
func TestPrecedentConcepts(t *testing.T) {
	cs, err := PrecedentConcepts()
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) < 10 {
		t.Fatalf("%d concepts", len(cs))
	}
	if _, err := parseConcepts([]byte("- {name: X, regex: ['{{nope}}']}")); err == nil {
		t.Error("an unknown word class was accepted")
	}
	if _, err := parseConcepts([]byte("- {name: X, regex: ['a']}\n- {name: X, regex: ['b']}")); err == nil {
		t.Error("a duplicate concept was accepted")
	}
	if _, err := parseConcepts([]byte("- {name: X, regx: ['a']}")); err == nil {
		t.Error("a misspelt key was accepted")
	}
}

// With the concepts, a clause judged unlawful is found again in other words
// where characters alone miss it, and lawful wording of the same topic is
// not taken for it.
func TestConceptFinder(t *testing.T) {
	cs, bg := conceptsAndBackground(t)
	ps := []precedent.Precedent{
		{ID: "import-pub-x1", Clause: "保证10年内不迁出海口市、不改变在海口市的纳税义务、不减少注册资本、不变更统计关系", Verdict: precedent.Unlawful,
			Rule: "nd-exit-barrier", Date: "2023-09-20", Source: precedent.SourcePublic, Publisher: "市场监管总局", URL: "https://example.gov.cn/x1"},
		{ID: "import-pub-x2", Clause: "户外广告设置要严格按照某公司申请", Verdict: precedent.Unlawful,
			Rule: "nd-designated-supplier", Date: "2023-09-20", Source: precedent.SourcePublic, Publisher: "市场监管总局", URL: "https://example.gov.cn/x2"},
	}
	chars := precedent.NewFinder(ps, precedent.FinderOptions{Background: bg})
	concepts := precedent.NewFinder(ps, precedent.FinderOptions{Background: bg, Concepts: cs})
	for _, tc := range []struct {
		sentence   string
		chars, con string // the precedent each finds; "" none
	}{
		{"享受扶持的企业须承诺五年内不迁离我县、不改变在我县的纳税义务、不变更统计关系。", "", "import-pub-x1"},
		{"企业迁移注册地址的，应当依法办理变更登记。", "", ""},
		{"户外广告设置应当符合镇区户外广告设置规划。", "", ""},
	} {
		for _, f := range []struct {
			name string
			f    *precedent.Finder
			want string
		}{{"characters", chars, tc.chars}, {"concepts", concepts, tc.con}} {
			m, err := f.f.Find(tc.sentence, "规范性文件")
			if err != nil {
				t.Fatal(err)
			}
			got := ""
			if m != nil {
				got = m.Precedent.ID
			}
			if got != f.want {
				t.Errorf("%s: %q found %q (%+v), want %q", f.name, tc.sentence, got, m, f.want)
			}
		}
	}
}

// Every concept has anchors (or the finder runs its pattern on every
// article of the background at every start), and they hold: every wording
// the pattern finds in the laws the binary ships, the evaluation drafts,
// the real documents and the bank's clauses contains one string of each
// anchor condition, so skipping the pattern where one is absent changes
// nothing.
func TestConceptAnchorsHold(t *testing.T) {
	cs, texts := conceptsAndBackground(t)
	for _, dir := range []string{evalDir, realDir} {
		files, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			texts = append(texts, string(b))
		}
	}
	bank, err := precedent.Bank()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range bank.Entries {
		texts = append(texts, p.Clause)
	}
	for _, cpt := range cs {
		if len(cpt.Anchors) == 0 {
			t.Errorf("concept %s has no anchors", cpt.Name)
		}
		matches := 0
		for _, text := range texts {
			for _, loc := range cpt.Pattern.FindAllStringIndex(text, -1) {
				w := text[loc[0]:loc[1]]
				if w == "" {
					continue
				}
				matches++
				for _, clause := range cpt.Anchors {
					if !slices.ContainsFunc(clause, func(a string) bool { return strings.Contains(w, a) }) {
						t.Errorf("concept %s: wording %q has none of %q", cpt.Name, w, clause)
					}
				}
			}
		}
		if matches == 0 {
			t.Logf("concept %s: no wording in the texts", cpt.Name)
		}
	}
}

// conceptsAndBackground are the concepts and the texts the finder learns
// its weights from.
func conceptsAndBackground(t *testing.T) ([]precedent.Concept, []string) {
	t.Helper()
	cs, err := PrecedentConcepts()
	if err != nil {
		t.Fatal(err)
	}
	c, err := corpus.Default()
	if err != nil {
		t.Fatal(err)
	}
	return cs, ArticleTexts(c)
}

// The round-17 concepts name the categories of 公平竞争审查条例 第八条至第十一条
// in wordings of several registers (公文, 招标公告, 协议, speech), and keep
// off the lawful neighbours their words also occur in.
func TestFairCompetitionConcepts(t *testing.T) {
	cs, err := PrecedentConcepts()
	if err != nil {
		t.Fatal(err)
	}
	m := precedent.NewConceptMatcher(cs)
	holds := func(s, name string) bool {
		return slices.ContainsFunc(m.Holds(s), func(c precedent.Concept) bool { return c.Name == name })
	}
	for _, tc := range []struct{ name, yes, no string }{
		{"EXCLUDE", "定点单位以外的饭店一律不予报销", "除法律另有规定外，不得收取费用"},
		{"EXCLUDE", "除中标企业外，其他商家不得进场", "本办法以外的事项按上级规定办理"},
		{"EXCLUDE", "别的公司不能再进来了", "其他事项另行通知"},
		{"SCALE", "投标人须拥有不少于20台自有设备", "处五万元以上十万元以下罚款"},
		{"SCALE", "申报企业应为规模以上工业企业", "申报材料一式三份"},
		{"SCALE", "注册资金须在3000万元以上", "按每户二百元收取"},
		{"OWNERSHIP", "仅限国有或者国有控股企业参与", "企业应当依法经营"},
		{"OWNERSHIP", "优先安排县属国有企业承接", "鼓励各类企业参与"},
		{"INVEST", "竞得人须承诺在本县投资建设", "项目投资由县财政承担"},
		{"INVEST", "年度固定资产投资额不低于5000万元的给予奖励", "加强投资项目管理"},
		{"BOND", "须提交本地银行出具的投标保函", "按照合同约定支付价款"},
		{"GRANT", "授予乙方该区域的优先开发权", "村民依法享有土地承包经营权"},
		{"GRANT", "由该公司独家经营全县的充电桩", "经营者应当亮照经营"},
		{"QUOTA", "每年拿出一定比例的采购量给合作企业", "按比例分配收益"},
		{"QUOTA", "各家企业按片区划分市场，互不越界", "划分责任区域"},
		{"PRICE", "全县驾校统一收费标准为每人3800元", "收费标准按物价部门核定执行"},
		{"DIFFER", "区内企业和区外企业分别给予10万元和5万元奖励", "奖励资金一次性拨付"},
	} {
		if !holds(tc.yes, tc.name) {
			t.Errorf("%s does not hold in %q", tc.name, tc.yes)
		}
		if holds(tc.no, tc.name) {
			t.Errorf("%s holds in the lawful %q", tc.name, tc.no)
		}
	}
}
