package review

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"lawreview/corpus/extract"
)

// Frame grids (session 23). A rule's examples pin single sentences; a
// grid pins its category: templates whose slots hold the alternatives a
// drafter really writes (subject, modal, element words, amounts, places,
// registers — 公文 clause, spoken notice, verse, table row), expanded into
// every sentence they make, each reviewed inside a minimal document of the
// type. A lawful grid of look-alikes (依法, 批评教育, voluntary, the
// statute's own prohibition) must draw no 违法 finding at all.
//
// Every grid is measured and printed; a grid fails the test only when its
// file marks it `enforce: true`, so a grid is committed measured before
// the rules pass it.
//
//	go test ./review -run 'TestFrameGrids$' -v -count=1
//
// GRID_LIST=1 lists every missed and flagged sentence, not the first eight.

// gridFile is one legal category: review/testdata/grids/<category>.yaml.
type gridFile struct {
	Grids []frameGrid `yaml:"grids"`
}

type frameGrid struct {
	Name    string `yaml:"name"`
	Rule    string `yaml:"rule"`
	Enforce bool   `yaml:"enforce"`
	// Types are the document types the clause is reviewed in; sentence i
	// goes into a document of Types[i%len(Types)].
	Types []string `yaml:"types"`
	// Titles, when set, replace the type's default title (a 村规民约 family
	// document called 分配方案 or 队委决议), in turn.
	Titles    []string            `yaml:"titles"`
	Templates []string            `yaml:"templates"`
	Slots     map[string][]string `yaml:"slots"`
	Lawful    struct {
		Templates []string            `yaml:"templates"`
		Slots     map[string][]string `yaml:"slots"`
	} `yaml:"lawful"`
}

// gridSample bounds the sentences of one side of a grid: the whole
// product when it is small, otherwise a fixed-seed sample of this many.
const gridSample = 300

var slotRef = regexp.MustCompile(`\{([a-z_0-9]+)\}`)

// expandGrid returns the template product, or a fixed sample of it. The
// sample is seeded by the grid's name, so a run is reproducible and a
// new grid does not reshuffle the others.
func expandGrid(name string, templates []string, slots map[string][]string) ([]string, error) {
	type tmpl struct {
		text  string
		names []string
		size  int
	}
	var ts []tmpl
	total := 0
	for _, t := range templates {
		var names []string
		size := 1
		for _, m := range slotRef.FindAllStringSubmatch(t, -1) {
			if slices.Contains(names, m[1]) {
				continue
			}
			alts, ok := slots[m[1]]
			if !ok || len(alts) == 0 {
				return nil, fmt.Errorf("grid %s: template %q: slot {%s} has no alternatives", name, t, m[1])
			}
			names = append(names, m[1])
			size *= len(alts)
		}
		ts = append(ts, tmpl{t, names, size})
		total += size
	}
	// nth decodes a product index in mixed radix over the template's slots.
	nth := func(i int) string {
		for _, t := range ts {
			if i >= t.size {
				i -= t.size
				continue
			}
			pick := map[string]string{}
			for _, n := range t.names {
				alts := slots[n]
				pick[n] = alts[i%len(alts)]
				i /= len(alts)
			}
			return slotRef.ReplaceAllStringFunc(t.text, func(ref string) string {
				return pick[ref[1:len(ref)-1]]
			})
		}
		panic("index past the product")
	}
	var idx []int
	if total <= gridSample {
		for i := range total {
			idx = append(idx, i)
		}
	} else {
		h := fnv.New64a()
		h.Write([]byte(name))
		r := rand.New(rand.NewPCG(h.Sum64(), 23))
		idx = r.Perm(total)[:gridSample]
		sort.Ints(idx)
	}
	seen := map[string]bool{}
	var out []string
	for _, i := range idx {
		if s := nth(i); !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out, nil
}

// gridShell is the minimal document of a type: a title, a preamble that
// says how it was adopted, the clause on its own lines, an ending. Beside
// the village family, the policy measures 公平竞争审查条例 第八至十条 reads:
// a government's normative documents and decisions, its investment
// contracts, and the tender notices its bodies issue (typed 其他, where
// every type's clause rules run).
//
// A key is a document type, or "type/kind" for one more minimal document of
// that type (who signs a contract, a township's 通告, a 磋商文件): the part
// before the slash is the type the engine must detect and the grid's
// figures count under.
type gridShellDoc struct{ title, pre, post string }

var gridShell = map[string]gridShellDoc{
	"村规民约": {"青石村村规民约", "第一条 为推进村民自治，维护本村生产生活秩序，经村民会议讨论通过，制定本村规民约。", "本村规民约自村民会议通过之日起施行，报镇人民政府备案。"},
	"居民公约": {"幸福里社区居民公约", "为建设文明和谐社区，经居民会议讨论通过，制定本公约。", "本公约自居民会议通过之日起施行，报街道办事处备案。"},
	"规范性文件": {
		"某某县人民政府关于印发《某某县促进民营经济发展若干措施》的通知",
		"各乡镇人民政府，县直各有关单位：为进一步优化营商环境，促进县域经济高质量发展，结合本县实际，制定本措施。",
		"本措施自2027年3月1日起施行，有效期五年。",
	},
	"决定": {
		"某某县人民政府关于加强城乡市场经营秩序管理的决定",
		"为规范城乡市场经营秩序，经县人民政府常务会议研究，作出如下决定：",
		"本决定自公布之日起施行。",
	},
	"合同": {
		"某某县招商引资项目投资合同书",
		"甲方：某某县人民政府\n乙方：某某实业有限公司\n经甲乙双方友好协商，就乙方在甲方辖区内投资建设项目事宜，达成如下条款：",
		"本合同一式四份，甲乙双方各执两份，自双方签字盖章之日起生效。",
	},
	// A township's and a village's own contracts (session 24).
	"合同/镇": {
		"青山镇人民政府合作协议书",
		"甲方：青山镇人民政府\n乙方：某某农业发展有限公司\n根据有关法律法规，甲乙双方本着平等自愿的原则，经协商一致，就合作事宜订立本协议，条款如下：",
		"本协议一式三份，甲方执两份，乙方执一份，经双方签字盖章后生效。",
	},
	"合同/村": {
		"青石村集体资产租赁合同",
		"出租方（甲方）：青石村民委员会\n承租方（乙方）：张某某\n为加强村集体资产管理，甲乙双方经协商一致，订立本合同：",
		"本合同一式三份，甲乙双方各执一份，报青山镇农村经营管理站备案一份，自双方签字之日起生效。",
	},
	"合同/施工": {
		"青山镇美丽乡村道路建设工程施工合同",
		"根据《中华人民共和国民法典》《中华人民共和国建筑法》及有关法律规定，遵循平等、自愿、公平和诚实信用的原则，双方就本工程施工事项协商一致，订立本合同。",
		"本合同自双方签字盖章之日起生效，至工程竣工验收合格且价款结清后终止。",
	},
	// A township's own documents (行政处罚法 第二十四条: it punishes only
	// where a province has handed it the power): a 通告 that sets rules for
	// the public, a decision, an 实施方案 issued by a 街道.
	"规范性文件/镇通告": {
		"某某镇人民政府关于加强集镇环境秩序管理的通告",
		"为进一步加强集镇环境秩序管理，维护良好的生产生活秩序，结合本镇实际，现就有关事项通告如下：",
		"本通告自发布之日起施行。",
	},
	"规范性文件/街道方案": {
		"某某街道办事处关于印发《某某街道城乡环境综合整治工作实施方案》的通知",
		"各社区居民委员会，街道各科室：现将《某某街道城乡环境综合整治工作实施方案》印发给你们，请结合实际，认真贯彻执行。",
		"本方案自印发之日起施行。",
	},
	"决定/镇": {
		"某某镇人民政府关于开展农村人居环境集中整治的决定",
		"为改善农村人居环境，经镇人民政府党政联席会议研究，作出如下决定：",
		"本决定自公布之日起施行。",
	},
	// Public procurement (session 24): a 磋商文件's 资格要求 and 评分标准,
	// a 财政 body's decision on a complaint that quotes them, a county's
	// own procurement rules.
	TypeOther + "/采购文件": {
		"某某县中心小学食堂食材配送服务项目竞争性磋商文件",
		"采购人：某某县教育局\n采购代理机构：某某招标代理有限公司\n项目预算：180万元\n一、供应商资格要求及评审办法",
		"二、响应文件的递交：磋商供应商应于磋商截止时间前将响应文件密封送达某某县公共资源交易中心。",
	},
	TypeOther + "/投诉处理": {
		"某某县财政局政府采购投诉处理决定书",
		"投诉人：某某科技有限公司\n被投诉人：某某县卫生健康局\n投诉人对某某县人民医院医用设备采购项目的招标文件提出投诉，本局依法受理。经审查，招标文件载明：",
		"本局认为，被投诉人应当依法修改招标文件后重新开展采购活动。投诉人如不服本决定，可以依法申请行政复议或者提起行政诉讼。",
	},
	"规范性文件/采购办法": {
		"某某县人民政府办公室关于印发《某某县政府采购管理暂行办法》的通知",
		"各乡镇人民政府，县直各有关单位：为规范本县政府采购活动，提高财政资金使用效益，制定本办法。",
		"本办法自2027年3月1日起施行，有效期五年。",
	},
	TypeOther: {
		"某某县乡村道路改造工程招标公告",
		"某某县乡村道路改造工程已由县发展和改革局批准建设，招标人为某某县交通运输局，资金来自财政资金，现对该项目进行公开招标。",
		"本次招标公告同时在某某县公共资源交易中心网站上发布。",
	},
}

// residents rewrites a village clause for a 居民公约: the same clause as a
// residents' committee writes it.
var residents = strings.NewReplacer(
	"村民委员会", "居民委员会", "村委会", "居委会", "村民会议", "居民会议", "村民代表", "居民代表",
	"村民小组长", "楼栋长", "村民", "居民", "本村", "本社区", "全村", "全社区", "村里", "社区里",
	"村部", "社区办公室", "村干部", "社区干部", "村内", "社区内", "村集体", "社区",
)

type gridCase struct {
	typ, title, clause, doc string
	pre, post               string // the shell around the clause
}

func gridCases(g frameGrid, sentences []string) ([]gridCase, error) {
	var cs []gridCase
	for i, s := range sentences {
		key := g.Types[i%len(g.Types)]
		shell, ok := gridShell[key]
		if !ok {
			return nil, fmt.Errorf("grid %s: no minimal document for type %s", g.Name, key)
		}
		typ, _, _ := strings.Cut(key, "/")
		title := shell.title
		if len(g.Titles) > 0 && typ == "村规民约" {
			title = g.Titles[i%len(g.Titles)]
		}
		if typ == "居民公约" {
			s = residents.Replace(s)
		}
		doc := title + "\n\n" + shell.pre + "\n" + s + "\n" + shell.post + "\n"
		cs = append(cs, gridCase{typ, title, s, doc, shell.pre, shell.post})
	}
	return cs, nil
}

// gridResult is one sentence's outcome: the rules whose 违法 or 警告
// findings lie on the clause, and the detected type.
type gridResult struct {
	rules map[string]Severity
	typ   string
}

func reviewGridCase(t *testing.T, e *Engine, c gridCase) gridResult {
	t.Helper()
	in := Input{Title: c.title, Text: c.doc}
	if strings.Contains(c.clause, "|") {
		xd, err := extract.Bytes("grid.md", []byte(c.doc), extract.Options{})
		if err != nil {
			t.Fatalf("extract %q: %v", c.doc, err)
		}
		in = Input{Title: xd.Title, Text: xd.Text, Paragraphs: xd.Paragraphs}
	}
	rep, err := e.Review(in, Options{At: reviewDate})
	if err != nil {
		t.Fatalf("review %q: %v", c.doc, err)
	}
	res := gridResult{rules: map[string]Severity{}, typ: rep.Type}
	// The clause lies between the shell's preamble and its ending, however
	// extraction lays out a table row.
	pre := strings.Index(rep.Text, c.pre)
	post := strings.LastIndex(rep.Text, c.post)
	if pre < 0 || post < pre {
		t.Fatalf("shell of %q not found in the normalized text %q", c.clause, rep.Text)
	}
	start := len([]rune(rep.Text[:pre+len(c.pre)]))
	end := len([]rune(rep.Text[:post]))
	for _, f := range rep.Findings {
		if f.Document || f.End <= start || f.Start >= end || f.Severity == SeverityInfo {
			continue
		}
		for _, id := range append([]string{f.Rule}, f.Merged...) {
			if res.rules[id] != SeverityError {
				res.rules[id] = f.Severity
			}
		}
	}
	return res
}

func loadGrids(t *testing.T) map[string][]frameGrid {
	t.Helper()
	// GRID_FILES narrows a run to the files a glob names (pp-*.yaml).
	glob := "*.yaml"
	if g := os.Getenv("GRID_FILES"); g != "" {
		glob = g
	}
	files, err := filepath.Glob(filepath.Join("testdata", "grids", glob))
	if err != nil || len(files) == 0 {
		t.Fatalf("no grids in testdata/grids: %v", err)
	}
	out := map[string][]frameGrid{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var gf gridFile
		if err := yaml.Unmarshal(data, &gf); err != nil {
			t.Fatalf("parse %s: %v", f, err)
		}
		if len(gf.Grids) == 0 {
			t.Fatalf("%s: no grids", f)
		}
		out[filepath.Base(f)] = gf.Grids
	}
	return out
}

func TestFrameGrids(t *testing.T) {
	if testing.Short() {
		t.Skip("frame grids review a few thousand documents")
	}
	e := testEngine(t)
	files := loadGrids(t)
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	var table strings.Builder
	fmt.Fprintf(&table, "%-25s %-25s %9s %7s %8s  %s\n", "file", "rule", "found", "lawful", "mistyped", "grid")
	for _, file := range names {
		for _, g := range files[file] {
			if e.rule(g.Rule) == nil {
				t.Errorf("%s: grid %s names rule %s, which does not exist", file, g.Name, g.Rule)
				continue
			}
			if len(g.Types) == 0 || len(g.Templates) == 0 || len(g.Lawful.Templates) == 0 {
				t.Errorf("%s: grid %s needs types, templates and a lawful grid", file, g.Name)
				continue
			}
			pos, err := expandGrid(g.Name, g.Templates, g.Slots)
			if err != nil {
				t.Fatal(err)
			}
			neg, err := expandGrid(g.Name+"/lawful", g.Lawful.Templates, g.Lawful.Slots)
			if err != nil {
				t.Fatal(err)
			}
			pc, err := gridCases(g, pos)
			if err != nil {
				t.Fatal(err)
			}
			nc, err := gridCases(g, neg)
			if err != nil {
				t.Fatal(err)
			}
			found, mistyped := 0, 0
			var missed, flagged []string
			for _, c := range pc {
				r := reviewGridCase(t, e, c)
				if r.typ != c.typ {
					mistyped++
				}
				if _, ok := r.rules[g.Rule]; ok {
					found++
				} else {
					missed = append(missed, fmt.Sprintf("[%s→%s] %q %s", c.typ, r.typ, c.clause, ruleList(r.rules)))
				}
			}
			for _, c := range nc {
				r := reviewGridCase(t, e, c)
				if r.typ != c.typ {
					mistyped++
				}
				var errs []string
				for id, sev := range r.rules {
					if sev == SeverityError {
						errs = append(errs, id)
					}
				}
				if len(errs) > 0 {
					sort.Strings(errs)
					flagged = append(flagged, fmt.Sprintf("[%s] %q 违法 %s", c.typ, c.clause, strings.Join(errs, ",")))
				}
			}
			fmt.Fprintf(&table, "%-25s %-25s %4d/%-4d %3d/%-3d %8d  %s\n", file, g.Rule,
				found, len(pc), len(flagged), len(nc), mistyped, g.Name)
			fail := found < len(pc) || len(flagged) > 0 || mistyped > 0
			if !fail {
				continue
			}
			report := t.Logf
			if g.Enforce {
				report = t.Errorf
			}
			var b strings.Builder
			fmt.Fprintf(&b, "%s %s (%s): found %d/%d, lawful flagged %d/%d, mistyped %d", file, g.Name, g.Rule, found, len(pc), len(flagged), len(nc), mistyped)
			show := 8
			if os.Getenv("GRID_LIST") != "" {
				show = len(missed) + len(flagged)
			}
			for _, m := range firstN(missed, show) {
				b.WriteString("\n  missed  " + m)
			}
			for _, m := range firstN(flagged, show) {
				b.WriteString("\n  flagged " + m)
			}
			report("%s", b.String())
		}
	}
	t.Logf("frame grids:\n%s", table.String())
}

func ruleList(m map[string]Severity) string {
	if len(m) == 0 {
		return "(no finding)"
	}
	var ids []string
	for id, s := range m {
		ids = append(ids, id+":"+string(s))
	}
	sort.Strings(ids)
	return strings.Join(ids, ",")
}

func firstN(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// TestExpandGrid: the expansion is the whole product when small, a fixed
// sample otherwise, and a slot without alternatives is an error.
func TestExpandGrid(t *testing.T) {
	got, err := expandGrid("g", []string{"{a}{b}。", "{a}。"}, map[string][]string{"a": {"甲", "乙"}, "b": {"一", "二", "三"}})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"甲一。", "乙一。", "甲二。", "乙二。", "甲三。", "乙三。", "甲。", "乙。"}
	if !slices.Equal(got, want) {
		t.Errorf("expandGrid = %q, want %q", got, want)
	}
	big := map[string][]string{"a": make([]string, 20), "b": make([]string, 20)}
	for i := range 20 {
		big["a"][i] = fmt.Sprintf("a%d", i)
		big["b"][i] = fmt.Sprintf("b%d", i)
	}
	s1, err := expandGrid("big", []string{"{a}{b}"}, big)
	if err != nil {
		t.Fatal(err)
	}
	s2, _ := expandGrid("big", []string{"{a}{b}"}, big)
	if len(s1) != gridSample || !slices.Equal(s1, s2) {
		t.Errorf("sample of 400: %d sentences, reproducible %v; want %d, true", len(s1), slices.Equal(s1, s2), gridSample)
	}
	if _, err := expandGrid("bad", []string{"{a}{c}"}, big); err == nil {
		t.Error("a slot without alternatives: no error")
	}
}
