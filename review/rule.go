package review

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// The rule set is data, as in Vale: each file under rules/ describes one
// check, and the engine knows nothing about any particular check. Reviewers
// can then read, argue about and extend the checklist without reading Go.

//go:embed rules/*.yaml
var rulesFS embed.FS

// Checklist items, in the order a reviewer works through them.
var Items = []string{"制定主体", "制定权限", "内容合法性", "程序合法性", "形式规范", "公平竞争"}

// Document types a rule can name.
var Types = []string{"村规民约", "居民公约", "规范性文件", "决定", "合同"}

// TypeOther is what DetectType returns when no type fits; only rules that
// apply to every type ("*") run on such documents.
const TypeOther = "其他"

// Rule is one check. Exactly one of Match (a clause or sentence pattern),
// Require/When at document scope, Check (a built-in) or Manual is the
// mechanism that produces findings; the loader names it in Kind (kind.go)
// and compiles the rule for it.
type Rule struct {
	ID         string     `yaml:"id"`
	Kind       Kind       `yaml:"kind"` // optional in the file: derived from the fields below, and must agree with them
	Title      string     `yaml:"title"`
	Item       string     `yaml:"item"`
	Types      []string   `yaml:"types"` // "*" = every type, including 其他
	Reach      []string   `yaml:"reach"` // subjects that make the rule run on a document of any type (reach.go)
	Severity   Severity   `yaml:"severity"`
	Scope      string     `yaml:"scope"`     // clause, sentence (default), document
	Quote      string     `yaml:"quote"`     // clause (default), match, sentence
	Once       bool       `yaml:"once"`      // report the first match only (party lines repeated at the signatures)
	Negatable  bool       `yaml:"negatable"` // a negator governing the match cancels it (不罚款, 不得剥夺); see negation.go
	Fallback   bool       `yaml:"fallback"`  // a catch-all: where another rule marks the same place, that rule's id is reported
	Headings   bool       `yaml:"headings"`  // a list item is also read with its list's heading when the heading completes the match (listhead.go)
	When       *Spec      `yaml:"when"`      // document precondition
	Within     string     `yaml:"within"`    // document rules: "head" = the first lines only; "ends" = those and the last lines (the signature)
	Match      *Spec      `yaml:"match"`
	Unless     Contexts   `yaml:"unless"`
	Near       Contexts   `yaml:"near"`    // context that must also be present (same shape as unless)
	Require    *Spec      `yaml:"require"` // document rules: finding when absent
	At         *Spec      `yaml:"at"`      // document rules: where to quote (default the title line)
	Check      string     `yaml:"check"`   // name of a built-in check, see checks.go
	Manual     bool       `yaml:"manual"`  // checklist-only: a human decides
	Note       string     `yaml:"note"`    // what a human checks (manual rules)
	Message    string     `yaml:"message"`
	Suggestion string     `yaml:"suggestion"`
	Basis      []BasisRef `yaml:"basis"`
	Authority  string     `yaml:"authority"` // a source outside the law corpus (State Council notices, provincial rules)
	// Grave marks a rule whose subject is a right so basic that no local
	// decision may make its wording lawful (personal freedom, dignity, the
	// home, women's land rights, ...: docs/precedents.md lists them and
	// says why). A dismissal of its finding never becomes a lawful
	// precedent, and no precedent marks its finding likely lawful.
	Grave    bool     `yaml:"grave"`
	Examples Examples `yaml:"examples"`
	// Family is the general shape of the rule's legal category, for the
	// clauses whose words none of Match's classes know: 公平竞争审查条例
	// 第九条 is any locality condition on a market benefit, however the
	// locality and the benefit are worded. Its places are reported under
	// the rule's own id at warning level (a reviewer confirms them), and
	// step aside where the rule itself or another specific rule marks the
	// sentence. The rule's exceptions hold for it too.
	Family *Family `yaml:"family"`
	// ConditionHeadings lets a rule that reads headings also join an item
	// to a heading that lists the cases of its own act (有下列情况之一的不予
	// 报批：), where the case itself is the unlawful content (listhead.go,
	// round 45a).
	ConditionHeadings bool `yaml:"condition_headings"`
	// Element is the rule's legal element as it shows inside a place that
	// another rule of the same item marked: a 公平竞争 clause often has the
	// elements of two categories at once (外地 operators made to file before
	// they work here: an entry precondition and discrimination against
	// outsiders), the verdict may name either, and the neighbour's pattern
	// alone names one. Where the element shows, the place lists this rule
	// under merged and cites its basis too; the element never makes a place
	// of its own, and never signs one.
	Element *Element `yaml:"element"`

	file                     string
	when, match, require, at *matcher
	mech                     mechanism
	family                   *Rule    // Family compiled as a warning-level fallback of the same id
	element                  *Rule    // Element compiled: the rule's id, basis and exceptions, the element's match
	titled                   *matcher // on an element: Element.Title compiled, read in the document's title
}

// Element is a rule's legal element (Rule.Element): what a place marked by
// another rule of the rule's item (or a rule it names in Also) must also
// show for the place to carry this rule, its own exceptions (the rule's hold too), and examples: each
// trigger is a sentence some other rule of the item marks and where this
// rule is merged; each pass a sentence some other rule of the item marks
// and where this rule is not.
type Element struct {
	Match  *Spec    `yaml:"match"`
	Unless Contexts `yaml:"unless"`
	// Also names rules of other items whose places the element reads too,
	// where the law makes their category one of this rule's: a licence a
	// measure sets on a trade (nd-licence, 行政许可法 第十四条至第十七条) is
	// the 违法设置审批程序 of 公平竞争审查条例 第八条（一）.
	Also []string `yaml:"also"`
	// Title is the element as a measure's own title shows it: a measure
	// titled as one that pays (石城县文旅产业扶持政策, …奖励办法) pays whoever
	// its conditions name, so a place of the item in it shows 第十条's
	// element though its sentence — an eligibility condition cut from its
	// heading (在县登记注册、纳税的…单位) — names no money. The element's
	// exceptions still read the place's sentence.
	Title    *Spec    `yaml:"title"`
	Examples Examples `yaml:"examples"`
}

// Family is a rule's general shape (Rule.Family): a match, the context it
// needs and its own exceptions, the message a reviewer reads, and its own
// trigger and pass examples.
type Family struct {
	Match    *Spec    `yaml:"match"`
	Near     Contexts `yaml:"near"`
	Unless   Contexts `yaml:"unless"`
	Message  string   `yaml:"message"`
	Examples Examples `yaml:"examples"`
}

// Spec is what a rule looks for in one unit of text. Keywords, token
// patterns and regular expressions are alternatives (any one is enough);
// every entry of All must also be present. Most rules need only one field.
type Spec struct {
	Any      []string   `yaml:"any"`      // keywords
	All      []string   `yaml:"all"`      // each entry "a|b|c": one of them must occur
	Patterns [][]string `yaml:"patterns"` // token patterns, e.g. [违者|违反, "*0-6", 罚款|罚金]
	Regex    []string   `yaml:"regex"`
	// Together are co-occurrences, alternatives like Regex: every group of
	// one (a regular expression, {{class}} allowed) matches somewhere in
	// the unit, in any order, all within Within characters. A category
	// such as 第九条's locality condition is a place, an operator and a
	// condition or benefit; the next draft writes each in other words and
	// in another order, which an ordered pattern of slots cannot follow.
	Together []Together `yaml:"together"`
}

// Together is one unordered co-occurrence of word classes (Spec.Together).
type Together struct {
	AllOf  []string `yaml:"all_of"`
	Within int      `yaml:"within"` // characters the hits span at most; 0 = the whole unit
}

// Unless cancels a match; Near, of the same shape, is context a match
// needs (the actor named in the sentence before: "由镇人民政府责令限期清理；
// 逾期不清理的，处以罚款"). It is checked in the sentence of the match
// (scope: sentence, default), only in the matched clause (scope: clause) or
// only in the matched words themselves (scope: match: 由有资质的公司负责 is
// no named company), or in the document's title line (scope: title: a
// tender notice names its subject, 某道路工程施工, in the title, and a
// clause of it is read as of a construction contract), extended by Window
// sentences before it, so that
// "对违反规定的，由有关部门依法予以处罚" is read together with the sentence
// that introduces it. Issuer names levels of the document's issuer (乡镇,
// 县级以上, 村（居）, 未知; see issuerTier): the context also holds when the
// document was issued at one of them, so a rule about what a township may
// not do can step aside for a county government's document.
type Unless struct {
	Spec   `yaml:",inline"`
	Scope  string `yaml:"scope"`
	Window int    `yaml:"window"`
	// Before limits the context to the text before the match, so a
	// condition (违者, …的，) must come before the sanction it governs.
	Before bool     `yaml:"before"`
	Issuer []string `yaml:"issuer"`
	// Types limits the context to documents reviewed as one of these types
	// (round 27): unlike Issuer it narrows the item, it does not widen it —
	// the item holds only on such a document, and there when its spec (if
	// any) matches. A rule opened to a new type may need an exception that
	// only that type's register calls for: vr-petition on a 规范性文件 leaves
	// restrictions on suing to nd-remedy-bar (行政诉讼法's own rule), while
	// on a village's rule it still reads them.
	Types []string `yaml:"types"`
	// Enacted limits the context to texts enacted at one of these levels
	// (EnactedLevels, read by enactedLevel from the title and the
	// promulgation lines) and, like Types, narrows rather than widens: with
	// a spec, the spec must match too, and But still reads the unit. An
	// exception "a statute may set this measure" names the levels whose law
	// gives them the power (行政处罚法 第十至十四条), so a 规范性文件 — which
	// enacts at no level — keeps every finding.
	Enacted []string `yaml:"enacted"`
	// Learned makes an exception hold for the learned reader too (round
	// 31): a sentence the model flags and the reader reports under this
	// rule is let go when the exception holds over the whole sentence. Not
	// every exception may: one written for a pattern's narrow match (a
	// 定点医疗机构 of the medical insurance) would, read over a whole
	// sentence, also let go the unlawful one the model found beside it
	// (医疗机构 named for the staff's check-ups), so each opts in.
	Learned bool `yaml:"learned"`
	// AtMost is a condition on money (round 31): the context holds only
	// where the largest sum in the matched words is at most AtMost times
	// the value of the project the document is about (its title's
	// 100万元以下, its 预算 or 最高限价), or where the document states no
	// value. As an exception with the pattern of a past contract asked of
	// a bidder, it lets the condition go unless the contract asked is far
	// larger than the work it would qualify for (real-qt-2361: an audit of
	// works under 100万元 asking for one audit of 5000万元).
	AtMost float64 `yaml:"at_most"`
	// CitedLaw is a condition on fines (round 32): the context holds only
	// where every fine in the matched words (处500元以下罚款, 处一百元以上
	// 五百元以下的罚款) is one a law the document cites by name sets with
	// the same bounds. A 通告 that cites 《水污染防治法》 and then says 在库区
	// 游泳的，处500元以下罚款 restates that law's 第九十一条; a fine of the
	// document's own (处200元罚款, where the law says 五百元以下) keeps
	// its finding. With scope clause the fines read are the clause's, for
	// rules whose match is the bare word (vr-fine's 罚款); matched words
	// with no fine are read as a sanction in the law's own words
	// (sanctionCited, round 47d: 吊销捕捞许可证 where 《渔业法》 is cited).
	CitedLaw bool `yaml:"cited_law"`
	// But is where the exception does not hold though its spec matches
	// (round 36), read in the same unit: competition for a grant lets it
	// go (通过公开招标确定运营单位), unless what the tender hands out is the
	// market itself, rationed (招标确定2家运营商投放共享单车, 分两个合同包) —
	// 公平竞争审查条例 第八条（四）（五） whatever the selection.
	But *Spec `yaml:"but"`
	// List widens a clause-scope context to the 、 list its clause is an
	// item of (doc.listClauses, the run negation reads too): 鼓励A、B在本市
	// 设立 is one invitation, though the segmenter ends a clause at each 、.
	// Opt-in: an exception written for one item (由…部门 as a referral)
	// would otherwise read a neighbour's words as its own.
	List bool `yaml:"list"`
	// On narrows the context to the matches whose own words it matches
	// (round 43b), as Types narrows it to a kind of document: the item is
	// read only for those matches, and there the rest of the item decides.
	// One rule may carry a shape whose footing is the document's, not the
	// sentence's — a ban on the addressees' trade with no law cited
	// anywhere (scope: document) — beside shapes a cited law does not cure.
	On *Spec `yaml:"on"`
	// DatedFrom narrows the context to documents dated on or after this
	// day (YYYY-MM-DD), or bearing no date (round 45c): an exception that
	// rests on a grant a statute made from that day holds only for what
	// was issued under it. 突发事件应对法 (2024) 第二十条 gives a county's
	// 应急指挥机构 the power to issue decisions and orders in its own name
	// from 2024-11-01; a 指挥部's order of 2020 had no such grant. A
	// document without a date is read as a draft of today.
	DatedFrom string `yaml:"dated_from"`
	// Off is On's converse (round 45o): the item is not read for the
	// matches whose clause it matches. A shape a cited law does not
	// cure (a lawful trade banned outright: 严禁圈养及宰杀活禽) may also be
	// written in the words of a shape it does cure (an addressee's trade
	// banned), and the cure must not reach it through them.
	Off *Spec `yaml:"off"`

	from time.Time // DatedFrom parsed
	m    *matcher  // nil when only Issuer, Types or Enacted is given
	but  *matcher  // But compiled
	on   *matcher  // On compiled
	off  *matcher  // Off compiled
}

// Contexts is one context (a mapping in YAML) or a list of them: the
// exception or the neighbour holds when any one of them does. A rule whose
// shapes need different evidence — a condition before a sanction, or a
// whole group as the one sanctioned — lists both.
type Contexts []*Unless

var contextKeys = map[string]bool{"any": true, "all": true, "patterns": true, "regex": true, "together": true,
	"scope": true, "window": true, "before": true, "issuer": true, "types": true, "enacted": true, "learned": true, "at_most": true, "cited_law": true, "but": true, "list": true, "on": true, "off": true, "dated_from": true}

// UnmarshalYAML reads one context or a list. The rule decoder's strict
// field check does not reach into a custom unmarshaler, so unknown keys are
// refused here: a misspelt key would silently drop an exception.
func (cs *Contexts) UnmarshalYAML(n *yaml.Node) error {
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		items = n.Content
	}
	out := make(Contexts, 0, len(items))
	for _, it := range items {
		if it.Kind != yaml.MappingNode {
			return fmt.Errorf("line %d: unless/near 应为键值对或其列表", it.Line)
		}
		for i := 0; i+1 < len(it.Content); i += 2 {
			if k := it.Content[i].Value; !contextKeys[k] {
				return fmt.Errorf("line %d: unless/near 中没有“%s”这一项", it.Content[i].Line, k)
			}
		}
		var u Unless
		if err := it.Decode(&u); err != nil {
			return err
		}
		out = append(out, &u)
	}
	*cs = out
	return nil
}

// Issuer levels a context may name (Unless.Issuer).
var issuerTiers = []string{IssuerTownship, IssuerCounty, IssuerVillage, IssuerUnknown}

// BasisRef names an article the rule rests on; it is resolved against the
// LawSource when the engine is built. Types, when set, limits the article
// to documents of those types: a rule that runs on 村规民约 and 居民公约
// rests on 村民委员会组织法 for the one and 城市居民委员会组织法 for the
// other, and a finding must cite the law that governs its document.
//
// When, a regular expression, limits the article to findings whose
// sentence it matches: a rule on local preference rests on 招标投标法 for a
// tender and on 公平竞争审查条例 for a subsidy kept to firms that stay, and
// the 所长 reading "不外迁" should not be sent to the bidding statutes.
type BasisRef struct {
	Law     string   `yaml:"law"`
	Article string   `yaml:"article"`
	Types   []string `yaml:"types,omitempty"`
	When    string   `yaml:"when,omitempty"`

	when *regexp.Regexp // When compiled (Rule.compile)
}

// lawRef is a BasisRef without its type limit: the article itself.
type lawRef struct{ Law, Article string }

func (b BasisRef) key() lawRef { return lawRef{b.Law, b.Article} }

// fits reports whether the article may be cited on a document of type
// typ. On a document of unknown type every article fits.
func (b BasisRef) fits(typ string) bool {
	return len(b.Types) == 0 || typ == "" || typ == TypeOther || contains(b.Types, typ)
}

// about reports whether the article fits a finding on sentence: always,
// unless When is set and does not match it.
func (b BasisRef) about(sentence string) bool {
	return b.when == nil || b.when.MatchString(sentence)
}

// Examples are sentences the rule must flag and sentences it must not. The
// tests run all of them; they document the rule's reach for reviewers too.
type Examples struct {
	Trigger []string `yaml:"trigger"`
	Pass    []string `yaml:"pass"`
}

// RuleError reports a bad rule file, in Chinese because rule authors are
// reviewers.
type RuleError struct {
	File   string
	Reason string
}

func (e *RuleError) Error() string {
	return fmt.Sprintf("规则文件 %s 有误：%s", e.File, e.Reason)
}

// DefaultRules returns the rules embedded in the binary.
func DefaultRules() ([]*Rule, error) {
	sub, err := fs.Sub(rulesFS, "rules")
	if err != nil {
		return nil, err
	}
	return loadRules(sub, new(ruleTableReader).decoded)
}

// LoadRules reads and compiles every *.yaml file at the root of fsys.
func LoadRules(fsys fs.FS) ([]*Rule, error) { return loadRules(fsys, nil) }

// loadRules is LoadRules; decoded, when not nil, gives a file's rule
// already decoded (ruletable.go), or nil to decode the YAML.
func loadRules(fsys fs.FS, decoded func(fsys fs.FS, name string) *Rule) ([]*Rule, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var rules []*Rule
	seen := map[string]string{}
	for _, name := range names {
		var r *Rule
		if decoded != nil {
			r = decoded(fsys, name)
		}
		if r != nil {
			err = r.finish(name)
		} else {
			data, rerr := fs.ReadFile(fsys, name)
			if rerr != nil {
				return nil, fmt.Errorf("read rule %s: %w", name, rerr)
			}
			r, err = ParseRule(name, data)
		}
		if err != nil {
			return nil, err
		}
		if prev, dup := seen[r.ID]; dup {
			return nil, &RuleError{File: name, Reason: fmt.Sprintf("规则编号 %s 与 %s 重复", r.ID, prev)}
		}
		seen[r.ID] = name
		rules = append(rules, r)
	}
	if len(rules) == 0 {
		return nil, &RuleError{File: ".", Reason: "没有找到任何规则文件（*.yaml）"}
	}
	return rules, nil
}

// ParseRule decodes and compiles one rule file.
func ParseRule(name string, data []byte) (*Rule, error) {
	r, err := decodeRule(name, data)
	if err != nil {
		return nil, err
	}
	if err := r.finish(name); err != nil {
		return nil, err
	}
	return r, nil
}

// decodeRule decodes one rule file's YAML, without compiling it.
func decodeRule(name string, data []byte) (*Rule, error) {
	var r Rule
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	dec.KnownFields(true) // a misspelt key would silently disable part of a rule
	if err := dec.Decode(&r); err != nil {
		return nil, &RuleError{File: name, Reason: err.Error()}
	}
	return &r, nil
}

// finish compiles a decoded rule of file name.
func (r *Rule) finish(name string) error {
	r.file = name
	if err := r.compile(); err != nil {
		return &RuleError{File: name, Reason: err.Error()}
	}
	return nil
}

var idPattern = lazyCompile(`^[a-z][a-z0-9-]*$`)

func (r *Rule) compile() error {
	if !idPattern.MatchString(r.ID) {
		return fmt.Errorf("规则编号“%s”只能由小写字母、数字和连字符组成", r.ID)
	}
	if want := r.ID + ".yaml"; path.Base(r.file) != want && r.file != "" && !strings.HasPrefix(r.file, "<") {
		return fmt.Errorf("文件名应为 %s", want)
	}
	if r.Kind == KindManual { // kind: manual says what manual: true says
		r.Manual = true
	}
	if r.Title == "" || r.Message == "" && !r.Manual {
		return errors.New("缺少 title 或 message")
	}
	if !contains(Items, r.Item) {
		return fmt.Errorf("item “%s” 不是审查项目之一（%s）", r.Item, strings.Join(Items, "、"))
	}
	if len(r.Types) == 0 {
		return errors.New("缺少 types")
	}
	for _, t := range r.Types {
		if t != "*" && !contains(Types, t) {
			return fmt.Errorf("types 中的“%s”不是文件类型之一（%s 或 *）", t, strings.Join(Types, "、"))
		}
	}
	for _, x := range r.Reach {
		if !contains(Reaches, x) {
			return fmt.Errorf("reach 中的“%s”不是主体之一（%s）", x, strings.Join(Reaches, "、"))
		}
	}
	if len(r.Reach) > 0 && (r.Match == nil || r.Manual) {
		return errors.New("reach 只用于有 match 的句子/分句规则")
	}
	if r.Grave && r.Manual {
		return errors.New("grave 只用于会产生审查意见的规则，人工审查项没有可驳回的意见")
	}
	if r.Manual {
		if r.Note == "" {
			return errors.New("人工审查项必须写明 note（审查什么、依据什么）")
		}
		return r.setKind()
	}
	switch r.Severity {
	case SeverityError, SeverityWarning, SeverityInfo: // Valid, spelt out for the message below
	default:
		return fmt.Errorf("severity 应为 error、warning 或 info，而不是“%s”", r.Severity)
	}
	if r.Scope == "" {
		r.Scope = "sentence"
	}
	if r.Quote == "" {
		r.Quote = "clause"
	}
	if !contains([]string{"clause", "sentence", "document"}, r.Scope) {
		return fmt.Errorf("scope 应为 clause、sentence 或 document")
	}
	if !contains([]string{"clause", "match", "sentence"}, r.Quote) {
		return fmt.Errorf("quote 应为 clause、match 或 sentence")
	}
	if r.Within != "" && r.Within != "head" && r.Within != "ends" {
		return fmt.Errorf("within 只能为 head 或 ends")
	}
	mechanisms := 0
	if r.Check != "" {
		if _, ok := builtinChecks[r.Check]; !ok {
			return fmt.Errorf("未知的内置检查“%s”", r.Check)
		}
		mechanisms++
	}
	if r.Negatable && r.Match == nil {
		return errors.New("negatable 只用于有 match 的句子/分句规则")
	}
	if r.Match != nil {
		if r.Scope == "document" {
			return errors.New("document 范围的规则用 require/when，不用 match")
		}
		mechanisms++
	}
	if r.Scope == "document" && r.Check == "" {
		if r.Require == nil && r.When == nil {
			return errors.New("document 范围的规则需要 require 或 when")
		}
		mechanisms++
	}
	if mechanisms != 1 {
		return errors.New("规则必须且只能有一种机制：match、document 范围的 require/when，或 check")
	}
	var err error
	compile := func(s *Spec, what string) *matcher {
		if s == nil || err != nil {
			return nil
		}
		var m *matcher
		m, err = compileSpec(s)
		if err != nil {
			err = fmt.Errorf("%s：%w", what, err)
		}
		return m
	}
	r.when = compile(r.When, "when")
	r.match = compile(r.Match, "match")
	r.require = compile(r.Require, "require")
	r.at = compile(r.At, "at")
	for _, group := range []struct {
		name string
		cs   Contexts
	}{{"unless", r.Unless}, {"near", r.Near}} {
		for _, u := range group.cs {
			if err != nil {
				break
			}
			err = u.compile(group.name)
		}
	}
	if err != nil {
		return err
	}
	if len(r.Basis) == 0 && r.Check == "" && r.Authority == "" { // built-in checks supply their own basis
		return errors.New("缺少 basis（至少一条法律依据）或 authority")
	}
	for i, b := range r.Basis {
		if b.Law == "" || b.Article == "" {
			return errors.New("basis 每项都要有 law 和 article")
		}
		if b.When != "" {
			x, err := expandVocab(b.When)
			if err != nil {
				return fmt.Errorf("basis %s%s 的 when：%w", b.Law, b.Article, err)
			}
			re, err := regexp.Compile(x)
			if err != nil {
				return fmt.Errorf("basis %s%s 的 when 不是有效的正则表达式：%v", b.Law, b.Article, err)
			}
			r.Basis[i].when = re
		}
		for _, t := range b.Types {
			if !contains(Types, t) {
				return fmt.Errorf("basis %s%s 的 types 中的“%s”不是文件类型之一", b.Law, b.Article, t)
			}
			if !r.applies(t) {
				return fmt.Errorf("basis %s%s 限于%s，但规则不适用于%s", b.Law, b.Article, t, t)
			}
		}
	}
	if len(r.Basis) > 0 && r.Authority == "" {
		for _, t := range Types {
			if !r.applies(t) {
				continue
			}
			fits := false
			for _, b := range r.Basis {
				fits = fits || b.fits(t) && b.When == ""
			}
			if !fits {
				return fmt.Errorf("basis 中没有无条件（不带 when）适用于%s的依据", t)
			}
		}
	}
	if len(r.Examples.Trigger) == 0 {
		return errors.New("缺少 examples.trigger（至少一个应当触发的例句）")
	}
	if err := r.compileFamily(); err != nil {
		return err
	}
	if err := r.compileElement(); err != nil {
		return err
	}
	return r.setKind()
}

// compileFamily builds the rule's family fallback: a copy of the rule
// with the family's match, near and message, the rule's exceptions and
// the family's own, at warning level.
func (r *Rule) compileFamily() error {
	fam := r.Family
	if fam == nil {
		return nil
	}
	if r.Match == nil {
		return errors.New("family 只用于有 match 的句子/分句规则")
	}
	if fam.Match == nil || fam.Message == "" || len(fam.Examples.Trigger) == 0 || len(fam.Examples.Pass) == 0 {
		return errors.New("family 须有 match、message 和 examples（trigger 与 pass）")
	}
	f, err := r.variant("family", fam.Match, fam.Near, fam.Unless)
	if err != nil {
		return err
	}
	f.Message, f.Examples = fam.Message, fam.Examples
	f.Severity, f.Fallback, f.Grave = SeverityWarning, true, false
	if err := f.setKind(); err != nil {
		return err
	}
	r.family = f
	return nil
}

// compileElement builds the rule's element (Rule.Element): a copy of the
// rule with the element's match and the rule's exceptions and the
// element's own. It is never run over a document, only over places.
func (r *Rule) compileElement() error {
	el := r.Element
	if el == nil {
		return nil
	}
	if r.Match == nil {
		return errors.New("element 只用于有 match 的句子/分句规则")
	}
	if el.Match == nil || len(el.Examples.Trigger) == 0 || len(el.Examples.Pass) == 0 {
		return errors.New("element 须有 match 和 examples（trigger 与 pass）")
	}
	f, err := r.variant("element", el.Match, nil, el.Unless)
	if err != nil {
		return err
	}
	f.Examples = el.Examples
	if el.Title != nil {
		if f.titled, err = compileSpec(el.Title); err != nil {
			return fmt.Errorf("element.title：%w", err)
		}
	}
	r.element = f
	return nil
}

// variant is a copy of the rule with another match and context — its
// family or its element — keeping the rule's exceptions, its own added.
func (r *Rule) variant(what string, match *Spec, near, unless Contexts) (*Rule, error) {
	f := *r
	f.Family, f.family, f.Element, f.element = nil, nil, nil, nil
	f.Match, f.Near = match, near
	f.Unless = append(append(Contexts{}, r.Unless...), unless...)
	m, err := compileSpec(match)
	if err != nil {
		return nil, fmt.Errorf("%s.match：%w", what, err)
	}
	f.match = m
	for _, u := range append(append(Contexts{}, near...), unless...) {
		if err := u.compile(what); err != nil {
			return nil, err
		}
	}
	return &f, nil
}

// compile checks a context and compiles its spec.
func (u *Unless) compile(what string) error {
	if u.Scope == "" {
		u.Scope = "sentence"
	}
	if !contains([]string{"sentence", "clause", "match", "title", "in_title", "document"}, u.Scope) {
		return fmt.Errorf("%s.scope 应为 sentence、clause、match、title、in_title 或 document", what)
	}
	if u.Scope == "document" && (u.Window > 0 || u.Before || u.List) {
		return fmt.Errorf("%s：scope: document 读全文，不用 window、before 或 list", what)
	}
	if u.Window < 0 || u.Window > 5 {
		return fmt.Errorf("%s.window 应在 0 到 5 之间", what)
	}
	for _, t := range u.Issuer {
		if !contains(issuerTiers, t) {
			return fmt.Errorf("%s.issuer 中的“%s”不是发文机关层级之一（%s）", what, t, strings.Join(issuerTiers, "、"))
		}
	}
	for _, t := range u.Types {
		if !contains(Types, t) && t != TypeOther {
			return fmt.Errorf("%s.types 中的“%s”不是文件类型之一（%s）", what, t, strings.Join(Types, "、"))
		}
	}
	for _, t := range u.Enacted {
		if !contains(EnactedLevels, t) {
			return fmt.Errorf("%s.enacted 中的“%s”不是制定层级之一（%s）", what, t, strings.Join(EnactedLevels, "、"))
		}
	}
	if u.DatedFrom != "" {
		t, err := time.Parse("2006-01-02", u.DatedFrom)
		if err != nil {
			return fmt.Errorf("%s.dated_from 应为 YYYY-MM-DD 形式的日期：%w", what, err)
		}
		u.from = t
	}
	if u.List && u.Scope != "clause" {
		return fmt.Errorf("%s.list 只用于 scope: clause", what)
	}
	if u.AtMost < 0 {
		return fmt.Errorf("%s.at_most 应为正数", what)
	}
	empty := u.Spec.empty()
	if empty && len(u.Issuer) == 0 && len(u.Types) == 0 && len(u.Enacted) == 0 && u.DatedFrom == "" {
		return fmt.Errorf("%s：匹配条件为空", what)
	}
	if u.But != nil {
		if empty && len(u.Enacted) == 0 && len(u.Issuer) == 0 {
			return fmt.Errorf("%s.but：例外本身没有匹配条件", what)
		}
		b, err := compileSpec(u.But)
		if err != nil {
			return fmt.Errorf("%s.but：%w", what, err)
		}
		u.but = b
	}
	var err error
	if u.on, err = compileShape(what+".on", u.On); err != nil {
		return err
	}
	if u.off, err = compileShape(what+".off", u.Off); err != nil {
		return err
	}
	if empty {
		return nil
	}
	m, err := compileSpec(&u.Spec)
	if err != nil {
		return fmt.Errorf("%s：%w", what, err)
	}
	u.m = m
	return nil
}

// applies reports whether the rule runs on documents of type typ.
func (r *Rule) applies(typ string) bool {
	for _, t := range r.Types {
		if t == "*" || t == typ {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// empty reports whether the spec names nothing to match.
func (sp *Spec) empty() bool {
	return len(sp.Any)+len(sp.All)+len(sp.Patterns)+len(sp.Regex)+len(sp.Together) == 0
}

// compileShape compiles a context's On or Off (nil when absent): a shape
// the matches are narrowed to or kept from, which must name something.
func compileShape(what string, sp *Spec) (*matcher, error) {
	if sp == nil {
		return nil, nil
	}
	if sp.empty() {
		return nil, fmt.Errorf("%s：匹配条件为空", what)
	}
	m, err := compileSpec(sp)
	if err != nil {
		return nil, fmt.Errorf("%s：%w", what, err)
	}
	return m, nil
}
