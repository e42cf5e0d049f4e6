// Package review checks a draft against the review checklist: rules are
// data (rules/*.yaml), the engine here is generic — it prepares the
// document once, runs every rule that applies to the document's type,
// merges overlapping findings and fills in the checklist.
package review

import (
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"lawreview/corpus"
	"lawreview/corpus/extract"
	"lawreview/corpus/segment"
	"lawreview/review/learn"
	"lawreview/review/memo"
)

// Input is one document to review.
type Input struct {
	File  string
	Title string
	Text  string // normalized document text; every offset is a rune offset into it
	// Paragraphs are the extracted paragraphs of Text (optional). With
	// them a table row (extract.Paragraph.Row) is read as one sentence, so
	// a misconduct cell and its sanction cell are matched together.
	Paragraphs []extract.Paragraph
}

// Options tune one review.
type Options struct {
	Type     string    // "" or "auto": detect; else 村规民约, 居民公约, 规范性文件, 决定, 合同
	At       time.Time // the date the law is read at; zero = now
	Province string    // selects the 有效期 limits in provinces.yaml; "" = default
	Limits   Limits    // zero fields: DefaultLimits
	// Precedents, when set, is this review's finder in place of
	// Config.Precedents: the web workplace gives each office its own (the
	// public bank with the office's signed precedents), and an evaluation
	// that leaves each document's own source out of the bank builds one
	// finder per document, not one engine.
	Precedents PrecedentFinder
	// Learned, when set, is this review's learned model in place of the
	// engine's (a cross-validation scores each text with a model trained
	// without it); NoLearned turns the learned reader off for this review.
	Learned   *learn.Model
	NoLearned bool
	// LearnedThreshold, above zero, is this review's score threshold for
	// the learned reader in place of the shipped one: an evaluation reviews
	// once at its lowest threshold and reads the higher ones off the
	// findings' scores (learn_time_test.go).
	LearnedThreshold float64
}

// Limits bound the work of one review. A township draft runs to a few
// thousand characters and a few dozen findings; issue 14 saw a 1.6 MB
// Markdown table give 30,912 findings, take 163 s to upload and never
// finish its review page. Past a limit Review returns a *LimitError
// instead of doing the work.
type Limits struct {
	MaxChars      int // characters of text
	MaxParagraphs int // paragraphs (lines when the caller gives none)
	MaxFindings   int // findings reported
}

// DefaultLimits are about forty times the longest draft of testdata/eval.
var DefaultLimits = Limits{MaxChars: 200_000, MaxParagraphs: 10_000, MaxFindings: 500}

func (l Limits) withDefaults() Limits {
	if l.MaxChars <= 0 {
		l.MaxChars = DefaultLimits.MaxChars
	}
	if l.MaxParagraphs <= 0 {
		l.MaxParagraphs = DefaultLimits.MaxParagraphs
	}
	if l.MaxFindings <= 0 {
		l.MaxFindings = DefaultLimits.MaxFindings
	}
	return l
}

// LimitError reports a document over Limits. Msg is Chinese, for users;
// Limit names what was exceeded: chars, paragraphs or findings.
type LimitError struct {
	Limit string
	Msg   string
}

func (e *LimitError) Error() string { return e.Msg }

func checkSize(in Input, l Limits) error {
	if n := utf8.RuneCountInString(in.Text); n > l.MaxChars {
		return &LimitError{Limit: "chars", Msg: fmt.Sprintf("草案文字过多（约 %d 万字，系统一次最多审查 %d 万字）。请检查是否选错了文件，或拆分后分别提交",
			(n+5000)/10000, l.MaxChars/10000)}
	}
	paras := len(in.Paragraphs)
	if paras == 0 {
		paras = strings.Count(in.Text, "\n") + 1
	}
	if paras > l.MaxParagraphs {
		return &LimitError{Limit: "paragraphs", Msg: fmt.Sprintf("草案段落过多（%d 段，系统一次最多审查 %d 段）。请检查是否选错了文件，或拆分后分别提交", paras, l.MaxParagraphs)}
	}
	return nil
}

func tooManyFindings(l Limits) error {
	return &LimitError{Limit: "findings", Msg: fmt.Sprintf("系统初审发现的问题超过 %d 处，无法逐条审查。请检查文件是否为一份正常的草案（例如是否误传了汇编或表格），或拆分后分别提交", l.MaxFindings)}
}

// LawSource gives the articles that rules and citations refer to.
// *corpus.Corpus implements it.
type LawSource interface {
	Article(name, article string, at time.Time) (*corpus.Law, *corpus.Article, error)
	Resolve(name string, at time.Time) (*corpus.Law, error)
}

// RelatedFinder returns in-force articles that bear on a finding (the
// index implements it). The engine calls it from several goroutines at once.
type RelatedFinder interface {
	Related(q RelatedQuery, n int) ([]Related, error)
}

// RelatedQuery is what the engine knows about a finding when it asks for
// related articles: the words of the draft, and what the rule says the
// problem is and which articles it rests on. The quote alone is a poor
// question: 自2026年7月1日起至2051年6月30日止 says nothing of leases but its
// dates, while its rule says 租赁期限 and rests on 民法典 第七百零五条.
type RelatedQuery struct {
	Clause   string  // the finding's quote
	Sentence string  // the sentence the quote stands in
	Rule     string  // the rule's id
	Title    string  // the rule's title, e.g. 村规民约设定罚款等经济处罚
	Basis    []Basis // the articles the finding rests on (law full name, article, text)
	Province string  // the reviewing office's province ("" = national law only)
}

// Config builds an Engine.
type Config struct {
	Laws    LawSource
	Related RelatedFinder // nil: findings carry no related articles
	// Precedents finds the unlawful precedent a sentence that no rule
	// flagged repeats; nil: no findings from precedents.
	Precedents PrecedentFinder
	// NoLearned turns off the learned reader (learned.go): no findings of
	// the model trained on the tree's labelled material. It runs only with
	// the embedded rule set (Rules nil), whose categories it was trained on.
	NoLearned bool
	Rules     []*Rule          // nil: the embedded rule set
	Provinces map[string]Limit // nil: the embedded provinces.yaml
	Segmenter *segment.Segmenter
}

// Engine reviews documents. It is safe for concurrent use.
type Engine struct {
	laws       LawSource
	related    RelatedFinder
	precedents PrecedentFinder
	rules      []*Rule
	provinces  map[string]Limit
	seg        *segment.Segmenter
	basis      map[lawRef]Basis // resolved when the engine is built
	superseded map[string]Superseded
	sizes      map[string]lawSize
	national   []string   // the law source's national short names, when it lists them (misnamedLaw)
	prefilter  *prefilter // nil: every rule runs on every unit (prefilter.go)
	// heads holds the anchors of the rules that read a list item with its
	// heading (Rule.Headings; listhead.go), apart from the prefilter: the
	// gate is part of what a rule finds, with or without the prefilter.
	heads   *prefilter
	learned *learnStage // nil: no learned reader (learned.go)

	bases    memo.Map[basisKey, Basis]   // basisAt
	excerpts memo.Map[excerptKey, Basis] // the part of a basis chosen for a rule (excerpt)
}

type basisKey struct {
	ref lawRef
	day string
}

// BasisError reports rule references that the law source cannot resolve.
type BasisError struct {
	Missing []string // "规则编号: 法律 条文"
}

func (e *BasisError) Error() string {
	return "以下规则依据在法律库中找不到：" + strings.Join(e.Missing, "；")
}

// New loads the rules and resolves every basis reference against the law
// source, so that a rule citing an article that does not exist fails at
// start-up rather than in front of a reviewer.
func New(cfg Config) (*Engine, error) {
	if cfg.Laws == nil {
		return nil, errors.New("review: Config.Laws is required")
	}
	// An engine built without Preload (the server's) has the package's
	// expressions compiled before its first review; after a Preload they
	// are compiled or compiling.
	go compileRegexps()
	rules := cfg.Rules
	var pf *prefilter
	if rules == nil {
		var err error
		if p := takePreloaded(); p != nil {
			<-p.done
			rules, pf, err = p.rules, p.prefilter, p.err
		} else {
			rules, err = DefaultRules()
		}
		if err != nil {
			return nil, fmt.Errorf("load rules: %w", err)
		}
	}
	for _, r := range rules {
		if r == nil || r.mech == nil { // a Rule literal: nothing chose its kind
			return nil, fmt.Errorf("review: rule %q was not loaded by LoadRules or ParseRule", ruleID(r))
		}
	}
	if pf == nil {
		pf = newPrefilter(withFamilies(rules))
	}
	prov := cfg.Provinces
	if prov == nil {
		var err error
		if prov, err = DefaultProvinces(); err != nil {
			return nil, err
		}
	}
	sup, err := defaultSuperseded()
	if err != nil {
		return nil, err
	}
	sizes, err := defaultSizes()
	if err != nil {
		return nil, err
	}
	seg := cfg.Segmenter
	if seg == nil {
		if seg, err = segment.Shared(); err != nil {
			return nil, fmt.Errorf("load segmenter: %w", err)
		}
	}
	e := &Engine{laws: cfg.Laws, related: cfg.Related, precedents: cfg.Precedents, rules: rules, provinces: prov, seg: seg,
		basis: map[lawRef]Basis{}, superseded: sup, sizes: sizes,
		prefilter: pf, heads: headingGate(rules)}
	if l, ok := cfg.Laws.(interface{ NationalNames() []string }); ok {
		e.national = l.NationalNames()
	}
	now := time.Now()
	var missing []string
	refs := map[lawRef][]string{}
	for _, r := range rules {
		for _, b := range r.Basis {
			refs[b.key()] = append(refs[b.key()], r.ID)
		}
	}
	for ref, ids := range refs {
		law, art, err := cfg.Laws.Article(ref.Law, ref.Article, now)
		if err != nil || law == nil || art == nil {
			missing = append(missing, fmt.Sprintf("%s: %s %s", strings.Join(ids, ","), ref.Law, ref.Article))
			continue
		}
		e.basis[ref] = Basis{Law: law.Name, Article: art.Label, Text: art.Text}
	}
	// The superseded table's basis is shown when the source has it; a small
	// source without 民法典 must still be usable.
	for _, sp := range sup {
		if _, done := e.basis[sp.Basis.key()]; !done && sp.Basis.Law != "" {
			if law, art, err := cfg.Laws.Article(sp.Basis.Law, sp.Basis.Article, now); err == nil && law != nil && art != nil {
				e.basis[sp.Basis.key()] = Basis{Law: law.Name, Article: art.Label, Text: art.Text}
			}
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, &BasisError{Missing: missing}
	}
	// The model was trained on the embedded rules' categories: an engine
	// with rules of its own (a test's, an office's experiment) has none.
	if !cfg.NoLearned && cfg.Rules == nil {
		if e.learned, err = e.newLearnStage(); err != nil {
			return nil, err
		}
	}
	if cfg.Related != nil {
		// The index cuts these when it looks for related articles: a
		// subset segmenter loads their words at once, not one reload each.
		var cover []string
		for _, r := range rules {
			cover = append(cover, r.Title)
		}
		for _, b := range e.basis {
			cover = append(cover, b.Text)
		}
		seg.Cover(cover...)
	}
	return e, nil
}

// Preload loads the embedded rules and builds their prefilter on another
// goroutine; the next New without Config.Rules waits for them instead of
// loading its own. A command calls it first, so that the rules load on
// the second core while it opens its data: in a cold lawreview review
// they were most of the engine's 65–100 ms, all of it on the path to the
// first finding. A Preload whose rules no New takes costs only the
// loading.
func Preload() {
	preloadMu.Lock()
	defer preloadMu.Unlock()
	if pending != nil {
		return
	}
	p := &preloaded{done: make(chan struct{})}
	pending = p
	go compileRegexps() // lazyregexp.go
	go func() {
		defer close(p.done)
		if p.rules, p.err = DefaultRules(); p.err == nil {
			p.prefilter = newPrefilter(withFamilies(p.rules))
		}
	}()
}

// preloaded is one Preload's result, ready when done is closed.
type preloaded struct {
	done      chan struct{}
	rules     []*Rule
	prefilter *prefilter
	err       error
}

var (
	preloadMu sync.Mutex
	pending   *preloaded // taken by the next New
)

// takePreloaded returns the pending Preload, if any, and forgets it: the
// rules of one Preload belong to one engine.
func takePreloaded() *preloaded {
	preloadMu.Lock()
	defer preloadMu.Unlock()
	p := pending
	pending = nil
	return p
}

func ruleID(r *Rule) string {
	if r == nil {
		return ""
	}
	return r.ID
}

// Rules returns the engine's rules in load order.
func (e *Engine) Rules() []*Rule { return e.rules }

// RuleName is a rule as users know it: its title and its checklist
// item; the id is for machines (the JSON's rule field, links).
type RuleName struct {
	ID, Title, Item string
}

// RuleNames lists the engine's rules that report findings (manual checks
// report none), by item in checklist order, then by title.
func (e *Engine) RuleNames() []RuleName {
	var out []RuleName
	for _, r := range e.rules {
		if r.mech.automated() {
			out = append(out, RuleName{ID: r.ID, Title: r.Title, Item: r.Item})
		}
	}
	rank := func(item string) int {
		for i, it := range Items {
			if it == item {
				return i
			}
		}
		return len(Items)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if ri, rj := rank(out[i].Item), rank(out[j].Item); ri != rj {
			return ri < rj
		}
		return out[i].Title < out[j].Title
	})
	return out
}

// RuleTitle is the title of the rule with id; the finding of a precedent
// has its own. "" for an id no rule has.
func (e *Engine) RuleTitle(id string) string {
	if id == RulePrecedent {
		return "与被认定违法的先例相似"
	}
	if r := e.rule(id); r != nil {
		return r.Title
	}
	return ""
}

// Grave reports whether the rule with id is marked grave in its data
// (Rule.Grave); an unknown id is not. It is what precedent.FinderOptions.Grave
// and precedent.LikelyLawfulFor ask.
func (e *Engine) Grave(id string) bool {
	r := e.rule(id)
	return r != nil && r.Grave
}

// GraveFinding reports whether a finding concerns a grave rule: its own
// rule, one merged into it, or, for a finding made from a precedent, the
// precedent's rule.
func (e *Engine) GraveFinding(f *Finding) bool {
	if e.Grave(f.Rule) {
		return true
	}
	for _, m := range f.Merged {
		if e.Grave(m) {
			return true
		}
	}
	return f.FromPrecedent != nil && e.Grave(f.FromPrecedent.Rule)
}

// rule returns the rule with id, or nil.
func (e *Engine) rule(id string) *Rule {
	for _, r := range e.rules {
		if r.ID == id {
			return r
		}
	}
	return nil
}

// raw is a finding before merging.
type raw struct {
	rule       *Rule
	s          span
	m          span   // what the rule matched, before widening to the clause; zero = s
	message    string // overrides the rule's message when set
	suggestion string
	severity   Severity
	basis      []Basis // added to the rule's basis
	doc        bool    // document-level: never merged with clause findings
}

// about is what the finding says of the clause — the rule's title and the
// message it gives here — the words that choose the part of a long basis
// article (withExcerpt).
func (x raw) about() string {
	msg := x.rule.Message
	if x.message != "" {
		msg = x.message
	}
	return x.rule.Title + "\n" + msg
}

// Review runs every applicable rule over the input.
func (e *Engine) Review(in Input, opt Options) (*Report, error) {
	opt.Limits = opt.Limits.withDefaults()
	if err := checkSize(in, opt.Limits); err != nil {
		return nil, err
	}
	at := opt.At
	if at.IsZero() {
		at = time.Now()
	}
	// Traditional characters are read as simplified (tradfold.go) and
	// pinyin annotations are taken out (rubyfold.go); the report keeps the
	// text, places and quotes as written.
	orig := in
	read := readInput(in)
	in = read.Input
	typ := opt.Type
	lean := typ
	if typ == "" || typ == "auto" {
		typ, lean = classify(in.Title, in.Text)
	} else if !contains(Types, typ) && typ != TypeOther {
		return nil, &TypeError{Type: typ}
	} else if typ == TypeOther {
		_, lean = classify(in.Title, in.Text)
		if lean == TypeOther {
			lean = ""
		}
	}
	title := in.Title
	d := newDoc(e.seg, title, in.Text)
	if len(in.Paragraphs) > 0 {
		d.setRows(in.Paragraphs)
	}
	if title == "" && d.title.end > d.title.start {
		title = string(d.runes[d.title.start:d.title.end])
	}
	ctx := &reviewCtx{e: e, d: d, opt: opt, at: at, typ: typ, title: title, basisType: lean,
		pre: &prefilterCache{p: e.prefilter}, heads: &prefilterCache{p: e.heads}, ran: map[string]bool{}}

	var worded map[string]bool
	binds := true // whether the text binds someone; read only for 其他
	if typ == TypeOther {
		worded = wordedTypes(in.Text)
		binds = dutyWording.MatchString(in.Text)
	}
	subj := subjects(in.Text, ctx.issuer())
	var raws []raw
	for _, r := range e.rules {
		if !r.mech.automated() || !runsOn(r, typ, worded) && !(r.mech.anyType() && reaches(r, subj)) {
			continue
		}
		if _, ok := r.mech.(whenRule); ok && !binds && !r.applies(typ) {
			// (Round 43f.) On a document of unknown type a finding on who
			// issued it is made only where the text binds someone — a
			// ban, a duty, a sanction: a call for proposals signed by an
			// office (qt-4215) or a report citing a 领导小组's guidance
			// (qt-5507) lays nothing down in anyone's name.
			continue
		}
		ctx.ran[r.ID] = true
		raws = append(raws, ctx.run(r)...)
		if r.family != nil {
			raws = append(raws, ctx.run(r.family)...)
		}
		// Places merge into findings later, at most a few to one: far past
		// the limit, stop matching now (finish is quadratic in places).
		if len(raws) > 4*opt.Limits.MaxFindings {
			return nil, tooManyFindings(opt.Limits)
		}
	}
	findings, err := e.finish(ctx, raws)
	if err == nil {
		findings, err = e.withPrecedents(ctx, findings) // fromprecedent.go
	}
	// The learned reader last: a sentence that repeats a published or
	// signed unlawful precedent is reported with that precedent (a verdict
	// on the same wording), not with a model's score.
	if err == nil {
		findings, err = e.withLearned(ctx, findings) // learned.go
	}
	if err != nil {
		return nil, err
	}
	if len(findings) > opt.Limits.MaxFindings { // the precedents' findings count too
		return nil, tooManyFindings(opt.Limits)
	}
	for i := range findings {
		findings[i].Grave = e.GraveFinding(&findings[i])
	}
	if read.changed {
		title = read.title(orig, title)
		runes := []rune(orig.Text)
		for i := range findings {
			f := &findings[i]
			f.Start, f.End = read.span(f.Start, f.End)
			if f.Start >= 0 && f.End <= len(runes) && f.Start <= f.End {
				f.Quote = string(runes[f.Start:f.End])
			}
		}
		in = orig
	}
	rep := &Report{
		File: in.File, Title: title, Type: typ, Text: in.Text,
		Findings: findings, Checklist: e.checklist(typ, findings),
	}
	if typ == TypeOther {
		rep.Notices = append(rep.Notices, NoticeAllRules)
		if lean != "" {
			rep.LikelyType = lean
		}
		for _, f := range findings {
			if r := e.rule(f.Rule); f.Document && r != nil && r.Kind == KindRequire {
				rep.Notices = append(rep.Notices, NoticeDocumentOnOther)
				break
			}
		}
	}
	return rep, nil
}

// withFamilies is the rules and their family fallbacks (Rule.Family), all
// of which the prefilter knows.
func withFamilies(rules []*Rule) []*Rule {
	out := append([]*Rule{}, rules...)
	for _, r := range rules {
		if r.family != nil {
			out = append(out, r.family)
		}
	}
	return out
}

// NoticeAllRules tells the reader of a report on a document of unknown
// type that no check was skipped for want of a type.
const NoticeAllRules = "文件类型未能确定，已按全部规则检查"

// dutyWording is a text that binds someone: a ban, a duty, a sanction or
// a measure taken against a person (禁止, 应当, 罚款, 限期拆除, 立案, 暂停 …).
var dutyWording = lazyCompile(`禁止|严禁|不得|不准|不许|一律|必须|应当|责令|罚款|处以|拆除|没收|查封|扣押|限期|停止|暂停|关闭|取缔|立案|查处|依法处理|重奖`)

// NoticeDocumentOnOther tells the reader that a finding on the whole
// document (who issued it) was made on a document of unknown type, by the
// rule's own test of the text's wording (round 43f): the type is to be
// confirmed before the finding is relied on.
const NoticeDocumentOnOther = "文件类型未能确定：关于文件整体（如制定主体）的意见系按文中用语作出，请先确认文件类型"

// runsOn reports whether r runs on a document of type typ. On a document
// whose type is unknown (TypeOther) the clause rules of every type whose
// wording the document uses run (worded; nil = the document uses none, so
// every type's), so that 罚款 or 游街示众 is found whatever the document is
// called, while a text about 甲方 and 乙方 alone is not read as a village's
// rules. Rules that report something MISSING from a document of their
// type (未载明经村民会议讨论通过, 未规定施行日期, 未载明公众参与) and the
// built-in checks of one type (有效期, 租赁期限) do not run: their absence
// says nothing about a document that may not be of that type. Rules that
// report a body there (whenRule: a 指挥部 signing or deciding) run as the
// clause rules do, where the text binds someone (round 43f).
func runsOn(r *Rule, typ string, worded map[string]bool) bool {
	if r.applies(typ) {
		return true
	}
	if typ != TypeOther || !r.mech.anyType() {
		return false
	}
	if worded == nil {
		return true
	}
	for _, t := range r.Types {
		if worded[t] {
			return true
		}
	}
	return false
}

// TypeError reports an unknown document type given by the user.
type TypeError struct{ Type string }

func (e *TypeError) Error() string {
	return fmt.Sprintf("未知的文件类型“%s”，应为 %s 或 auto", e.Type, strings.Join(Types, "、"))
}

type reviewCtx struct {
	e     *Engine
	d     *doc
	opt   Options
	at    time.Time
	typ   string
	title string
	// basisType selects the articles a finding cites (BasisRef.Types):
	// the document's type, or its likeliest type when it is unknown.
	basisType  string
	cites      *[]citation // computed on first use by the citation checks
	issuerTier string      // computed on first use (issuer)
	// enactedLevel is computed on first use (enacted); "" is a value.
	enactedLevel string
	enactedRead  bool
	// date is the document's date (dated), read on first use.
	date       time.Time
	dateRead   bool
	citedFines map[string]bool // fines the cited laws set, on first use (finesCited)
	citedTexts []string        // the cited laws' article texts, with citedFines (sanctionCited, restatesCited)
	pre        *prefilterCache
	heads      *prefilterCache  // anchors of the heading-reading rules (listhead.go)
	docScope   map[*Unless]bool // document-scope contexts' answers (inDocument)
	// joined is the matched words as read with a list heading or a table
	// header (inHeaderRow), while that match's exceptions are read; nil
	// otherwise. An exception narrowed to a shape (On) reads them too.
	joined *unit
	ran    map[string]bool // ids of the rules run on the document
}

func (c *reviewCtx) run(r *Rule) []raw {
	d := c.d
	if len(strings.TrimSpace(d.text)) == 0 {
		return nil
	}
	if r.when != nil && !c.whenHolds(r) {
		return nil
	}
	return r.mech.run(c)
}

// whenUnits are the parts of the document where a rule's when condition
// is looked for: its scope, and for a rule that reads the ends (Within
// "ends") also the signature block below the head — a document names its
// issuer in the head or signs at the foot (round 25). whenRule.run and the
// gate in run read the same parts, so a body signing under a long text
// (real-gfxwj-5418's 指挥部, round 42c) is seen by both.
func (c *reviewCtx) whenUnits(r *Rule) []unit {
	u := c.scopeUnit(r)
	if r.Within != "ends" {
		return []unit{u}
	}
	if f := c.d.foot(); f.end > u.end {
		return []unit{u, f}
	}
	return []unit{u}
}

// whenHolds reports whether r's when condition is found in any of its
// units.
func (c *reviewCtx) whenHolds(r *Rule) bool {
	for _, u := range c.whenUnits(r) {
		if _, ok := r.when.find(c.d, u); ok {
			return true
		}
	}
	return false
}

// maxPerSentence bounds how many places one rule reports in one sentence.
const maxPerSentence = 4

// inUnit reports every place of r in one unit. A sentence often carries
// two offending clauses (茶苗统一由…供应，苗木统一从…采购; 责令停止经营，
// 并处罚款): after a reported place, or a match its exception or neighbour
// test set aside, the search goes on after it, so the second is reported
// on its own. The exception still sees its usual context (the clause or
// the whole sentence), so a sentence-wide exception cancels every place.
func (c *reviewCtx) inUnit(r *Rule, u unit) []raw {
	if !c.pre.mayMatch(r, u) {
		return c.inHeaderRow(r, u)
	}
	d := c.d
	var out []raw
	rest := u
	on := c.pre.regexesOn(r, u)
	for i := range maxPerSentence {
		s, ok := r.match.findOn(d, rest, on)
		if ok && r.Negatable {
			s, ok = c.unnegated(r, rest, s, on)
		}
		if !ok {
			if i == 0 {
				return c.inHeaderRow(r, u)
			}
			break
		}
		next := s.end
		keep := (len(r.Near) == 0 || c.anyAround(r.Near, u, s)) &&
			!c.cancelled(r, u, s) &&
			!d.reported(s)
		if keep {
			if q := d.expand(s, r.Quote); q.end > q.start {
				out = append(out, raw{rule: r, s: q, m: s})
				next = max(next, q.end)
			}
		}
		if r.Scope != "sentence" || next >= u.end {
			break
		}
		rest = d.unitOf(next, u.end, string(d.runes[next:u.end]))
	}
	return out
}

func (c *reviewCtx) scopeUnit(r *Rule) unit {
	if r.Within == "head" || r.Within == "ends" {
		return c.d.head()
	}
	return c.d.whole
}

// cancelled reports whether one of the rule's exceptions holds around a
// match.
func (c *reviewCtx) cancelled(r *Rule, u unit, s span) bool {
	return c.anyAround(r.Unless, u, s)
}

// anyAround reports whether any of the contexts holds around a match.
func (c *reviewCtx) anyAround(cs Contexts, u unit, s span) bool {
	for _, ctx := range cs {
		if c.around(ctx, u, s) {
			return true
		}
	}
	return false
}

// around reports whether a context holds around a match: the document's
// issuer is at one of its levels, or its spec matches the match's clause
// or sentence (extended by ctx.Window sentences before it) or, with scope
// match, the matched words alone.
func (c *reviewCtx) around(ctx *Unless, u unit, s span) bool {
	if len(ctx.Types) > 0 && !contains(ctx.Types, c.typ) {
		return false
	}
	if ctx.on != nil {
		d := c.d
		a, b := s.start, max(s.end, s.start)
		_, hit := ctx.on.find(d, d.unitOf(a, b, string(d.runes[a:b])))
		if !hit && c.joined != nil {
			// A match made with its heading or header (inHeaderRow) is
			// of the shape its joined words show: the item alone may
			// hold none of them (（五）人群聚集的公共交通工具等候区域
			// under 下列场所禁止吸烟：).
			_, hit = ctx.on.find(d, *c.joined)
		}
		if !hit {
			return false
		}
	}
	if ctx.off != nil {
		// Off reads the clauses the match lies in, not its words alone:
		// where patterns overlap the one that wins the place may stop
		// short of the words that make the clause Off's shape.
		d := c.d
		a, b := d.clauseBounds(s.start, max(s.end, s.start), s, false)
		if _, hit := ctx.off.find(d, d.unitOf(a, b, string(d.runes[a:b]))); hit {
			return false
		}
	}
	if len(ctx.Enacted) > 0 && !contains(ctx.Enacted, c.enacted()) {
		return false
	}
	if !ctx.from.IsZero() {
		if d := c.dated(); !d.IsZero() && d.Before(ctx.from) {
			return false
		}
	}
	narrowed := len(ctx.Types) > 0 || len(ctx.Enacted) > 0 || !ctx.from.IsZero()
	if narrowed && ctx.m == nil && len(ctx.Issuer) == 0 && ctx.but == nil {
		return true
	}
	if len(ctx.Issuer) > 0 && contains(ctx.Issuer, c.issuer()) {
		if ctx.but == nil {
			return true
		}
		// (Round 45c.) An issuer's level with a But, read in the match's
		// sentence: a county-level issuer may close a road to traffic,
		// not seal villages off from each other (the province's 封锁).
		d := c.d
		a, b := d.sentenceBounds(s.start, max(s.end, s.start), s)
		_, hit := ctx.but.find(d, d.unitOf(a, b, string(d.runes[a:b])))
		return !hit
	}
	// A level with only a But (a statute may set every measure but these)
	// reads the unit for the But alone.
	if ctx.m == nil && (!narrowed || ctx.but == nil) {
		return false
	}
	d := c.d
	start, end := u.start, u.end
	switch {
	case ctx.Scope == "title":
		// The title line (a text without one has its first sentence for
		// it, newDoc); a place inside the title is read with it as usual.
		t := d.title
		if t.end <= t.start {
			return false
		}
		return ctx.holds(d, d.unitOf(t.start, t.end, string(d.runes[t.start:t.end])))
	case ctx.Scope == "in_title":
		// (Round 44c.) The match lies in the title line, read there: a
		// title that names the measure (关于暂停一切赈酒行为的通知) restates
		// the body's order, where the finding belongs.
		// A text without a title line has its first sentence for its
		// title (newDoc): that sentence is body, not a heading, so the
		// title must be a line of its own with more text after it.
		t := d.title
		if t.end <= t.start || s.start < t.start || s.start >= t.end || t.end >= len(d.runes) {
			return false
		}
		tt := string(d.runes[t.start:t.end])
		if strings.ContainsAny(tt, "。；;！？") {
			return false
		}
		return ctx.holds(d, d.unitOf(t.start, t.end, tt))
	case ctx.Scope == "document":
		return c.inDocument(ctx)
	case ctx.Scope == "match":
		start, end = s.start, max(s.end, s.start)
	case ctx.Scope == "clause":
		start, end = d.clauseBounds(start, end, s, ctx.List)
	default:
		start, end = d.sentenceBounds(start, end, s)
	}
	if ctx.Before && ctx.Scope != "match" {
		end = max(start, s.start)
	}
	if w := ctx.Window; w > 0 && ctx.Scope != "match" {
		if i := d.sentenceIndex(start); i >= 0 {
			start = d.sents[max(0, i-w)].Start
		}
	}
	hit := ctx.holds(d, d.unitOf(start, end, string(d.runes[start:end])))
	if hit && ctx.AtMost > 0 {
		return !c.exceedsProject(s, ctx.AtMost)
	}
	if hit && ctx.CitedLaw {
		if ctx.Scope == "clause" {
			// (Round 47d.) A rule whose match is the bare word (罚款) reads
			// the fines of the clause around it: a table row's 处五百元以下
			// 的罚款 after the article it quotes.
			return c.finesCited(span{start, end})
		}
		return c.finesCited(s)
	}
	return hit
}

// clauseBounds is [start, end) moved to the clauses s starts and ends in,
// each bound where its clause is found. With list, a 、 list is one clause
// (listClauses), so an exception reads every item of it: 鼓励A、B在本市设立
// is one invitation.
func (d *doc) clauseBounds(start, end int, s span, list bool) (int, int) {
	if i := spanIndex(d.clauses, s.start); i >= 0 {
		lo := i
		if list {
			lo, _ = d.listClauses(i)
		}
		start = d.clauses[lo].Start
	}
	if j := spanIndex(d.clauses, max(s.end-1, s.start)); j >= 0 {
		hi := j
		if list {
			_, hi = d.listClauses(j)
		}
		end = d.clauses[hi].End
	}
	return start, end
}

// sentenceBounds is [start, end) widened to the sentence s starts in.
func (d *doc) sentenceBounds(start, end int, s span) (int, int) {
	if i := d.sentenceIndex(s.start); i >= 0 {
		start, end = min(start, d.sents[i].Start), max(end, d.sents[i].End)
	}
	return start, end
}

// holds reads the context's spec and its But on one stretch of text, for
// every scope: a context narrowed by Types, Enacted or On alone (no spec)
// holds wherever its But does not.
func (ctx *Unless) holds(d *doc, cu unit) bool {
	hit := true
	if ctx.m != nil {
		_, hit = ctx.m.find(d, cu)
	}
	if hit && ctx.but != nil {
		if _, b := ctx.but.find(d, cu); b {
			return false
		}
	}
	return hit
}

// inDocument is a document-scope context's answer on the whole text:
// whether the document cites a law anywhere (round 43b) is a fact of the
// document, not of the sentence, so it is read once per review and
// context (round 44f) rather than once per match it judges.
func (c *reviewCtx) inDocument(ctx *Unless) bool {
	if hit, ok := c.docScope[ctx]; ok {
		return hit
	}
	hit := ctx.holds(c.d, c.d.whole)
	if c.docScope == nil {
		c.docScope = map[*Unless]bool{}
	}
	c.docScope[ctx] = hit
	return hit
}

// enacted is the level the document was enacted at (enactedLevel), read
// once; "" for any document that is no law, regulation or rule.
func (c *reviewCtx) enacted() string {
	if !c.enactedRead {
		c.enactedLevel, c.enactedRead = enactedLevel(c.title, c.d.text), true
	}
	return c.enactedLevel
}

// dated is the document's date (documentDate), read once; zero when the
// text bears none.
func (c *reviewCtx) dated() time.Time {
	if !c.dateRead {
		c.date, c.dateRead = documentDate(c.d.text), true
	}
	return c.date
}

// issuer is the level of the document's issuer (issuerTier), read once.
func (c *reviewCtx) issuer() string {
	if c.issuerTier == "" {
		c.issuerTier = issuerTier(c.title, c.d.text)
	}
	return c.issuerTier
}

// documentPlace is a document-level finding of r at where, or at the
// first place of r's at when it has one, or at the title.
func (c *reviewCtx) documentPlace(r *Rule, where span) []raw {
	d := c.d
	if r.at != nil {
		if s, ok := r.at.find(d, d.whole); ok {
			where = d.expand(s, r.Quote)
		}
	}
	if where.end <= where.start {
		where = d.title
	}
	if where.end <= where.start {
		return nil
	}
	return []raw{{rule: r, s: where, doc: true}}
}

// finish merges overlapping clause findings (one finding per offending
// place, the most severe rule first, the basis of all), resolves basis
// texts and related articles, and sorts by position.
func (e *Engine) finish(c *reviewCtx, raws []raw) ([]Finding, error) {
	d := c.d
	sev := func(x raw) Severity {
		if x.severity != "" {
			return x.severity
		}
		return x.rule.Severity
	}
	groups := places(dropFallbacks(d, raws))
	out := make([]Finding, 0, len(groups))
	sentences := make([]string, 0, len(groups))
	for _, g := range groups {
		win := g[0]
		for _, x := range g[1:] {
			if outranks(x, win, sev, c.basisType) {
				win = x
			}
		}
		s := win.s
		onlyFallbacks := allFallbacks(g)
		for _, x := range g {
			if !x.rule.Fallback || onlyFallbacks {
				s.start, s.end = min(s.start, x.s.start), max(s.end, x.s.end)
			}
		}
		f := Finding{
			Rule: win.rule.ID, Title: win.rule.Title, Item: win.rule.Item, Severity: sev(win),
			Message: win.rule.Message, Suggestion: win.rule.Suggestion,
			Start: s.start, End: s.end, Quote: string(d.runes[s.start:s.end]), Line: d.line(s.start),
			Basis: []Basis{}, Related: []Related{}, Document: win.doc,
		}
		f.Authority = win.rule.Authority
		if win.message != "" {
			f.Message = win.message
		}
		if win.suggestion != "" {
			f.Suggestion = win.suggestion
		}
		seen := map[string]bool{}
		addBasis := func(b Basis) {
			k := b.Law + "|" + b.Article
			if !seen[k] {
				seen[k] = true
				f.Basis = append(f.Basis, b)
			}
		}
		sentence := d.sentenceAround(s)
		ordered := append(append([]raw{win}, g...), c.elements(g, s)...)
		for _, x := range ordered {
			for _, b := range x.basis {
				addBasis(b)
			}
			// A catch-all merged into a specific rule's place adds no
			// basis: its articles are the generic ones, and the specific
			// rule states why this clause is unlawful.
			if !x.rule.Fallback || win.rule.Fallback {
				e.ruleBases(x.rule, basisTypeFor(x.rule, c.basisType), sentence, x.about(), c.at, addBasis)
			}
			if x.rule != win.rule && x.rule.ID != win.rule.ID && !contains(f.Merged, x.rule.ID) {
				f.Merged = append(f.Merged, x.rule.ID)
			}
		}
		out = append(out, f)
		sentences = append(sentences, sentence)
	}
	if len(out) > c.opt.Limits.MaxFindings { // before the related articles: most of the time
		return nil, tooManyFindings(c.opt.Limits)
	}
	if err := e.fillRelated(out, sentences, c.opt.Province); err != nil {
		return nil, err
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Start != out[j].Start {
			return out[i].Start < out[j].Start
		}
		return out[i].Severity.Rank() > out[j].Severity.Rank()
	})
	return out, nil
}

// places groups the clause findings by the place they mark, then the
// document-level ones, one group each. Specific rules' findings that
// overlap make one place. A catch-all (Rule.Fallback, a rule's family
// among them) overlapping a specific place joins the one it overlaps most,
// so the place lists it under merged, but it neither widens that place
// nor joins two specific places into one: the specific rule marked the
// words the finding is about, and a family's broad match over the whole
// sentence would make the quote the sentence. Catch-alls that overlap no
// specific place make places of their own.
func places(raws []raw) [][]raw {
	sorted := func(xs []raw) []raw {
		sort.SliceStable(xs, func(i, j int) bool {
			if xs[i].s.start != xs[j].s.start {
				return xs[i].s.start < xs[j].s.start
			}
			return xs[i].s.end > xs[j].s.end
		})
		return xs
	}
	var specific, fallback, docs []raw
	for _, x := range raws {
		switch {
		case x.doc:
			docs = append(docs, x)
		case x.rule.Fallback:
			fallback = append(fallback, x)
		default:
			specific = append(specific, x)
		}
	}
	chain := func(xs []raw) ([][]raw, []span) {
		var groups [][]raw
		var spans []span
		for _, x := range sorted(xs) {
			if n := len(groups); n > 0 && x.s.start < spans[n-1].end {
				groups[n-1] = append(groups[n-1], x)
				spans[n-1].end = max(spans[n-1].end, x.s.end)
				continue
			}
			groups = append(groups, []raw{x})
			spans = append(spans, x.s)
		}
		return groups, spans
	}
	groups, spans := chain(specific)
	var alone []raw
	for _, x := range sorted(fallback) {
		best, most := -1, 0
		for i, s := range spans {
			if o := min(s.end, x.s.end) - max(s.start, x.s.start); o > most {
				best, most = i, o
			}
		}
		if best < 0 {
			alone = append(alone, x)
			continue
		}
		groups[best] = append(groups[best], x)
	}
	own, ownSpans := chain(alone)
	groups, spans = append(groups, own...), append(spans, ownSpans...)
	order := make([]int, len(groups))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := spans[order[i]], spans[order[j]]
		if a.start != b.start {
			return a.start < b.start
		}
		return a.end > b.end
	})
	out := make([][]raw, 0, len(groups)+len(docs))
	for _, i := range order {
		out = append(out, groups[i])
	}
	for _, x := range docs {
		out = append(out, []raw{x})
	}
	return out
}

// elements are the rules whose legal element (Rule.Element) a place of
// their item (or of a rule their element names in Also) shows in its
// sentence, though they did not mark it themselves: one raw each, over
// the place, merged into it (never signing it: finish picks the
// winner from g alone). Only rules run on the document count, so an
// element adds no rule the document's type or subjects exclude.
func (c *reviewCtx) elements(g []raw, s span) []raw {
	// A rule's family in the place (a catch-all, merged without its basis)
	// does not stop its element: the element confirms the category, and
	// the place then cites the rule's articles.
	items, have, signed := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, x := range g {
		if x.doc {
			return nil
		}
		items[x.rule.Item] = true
		have[x.rule.ID] = true
		signed[x.rule.ID] = signed[x.rule.ID] || !x.rule.Fallback
	}
	reads := func(r *Rule) bool {
		if items[r.Item] {
			return true
		}
		for _, id := range r.Element.Also {
			if have[id] {
				return true
			}
		}
		return false
	}
	var out []raw
	var u unit
	for _, r := range c.e.rules {
		el := r.element
		if el == nil || signed[r.ID] || !c.ran[r.ID] || !reads(r) {
			continue
		}
		if u.end == 0 {
			// The place's sentence: a Chinese sentence names its subject
			// and its conditions first (外地检测机构…，必须取得…备案证明;
			// 按照属地化原则，确定…为定点医院) and one measure's terms in
			// the clauses after (由县某环保公司统一收运，不再引进其他企业).
			// A list item or a table row is a sentence of its own.
			w := c.d.sentenceSpan(s)
			u = c.d.unitOf(w.start, w.end, string(c.d.runes[w.start:w.end]))
		}
		if hit, ok := el.match.find(c.d, u); ok && !c.cancelled(el, u, hit) {
			out = append(out, raw{rule: el, s: s, m: hit})
		} else if c.titled(el, s) && !c.cancelled(el, u, s) {
			out = append(out, raw{rule: el, s: s, m: s})
		}
	}
	return out
}

// titled reports whether an element's title spec (Element.Title) matches
// the document's own title line, the place s lying after it (a text
// without a title line has its first sentence for one).
func (c *reviewCtx) titled(el *Rule, s span) bool {
	t := c.d.title
	if el.titled == nil || t.end <= t.start || s.start < t.end {
		return false
	}
	_, ok := el.titled.find(c.d, c.d.unitOf(t.start, t.end, string(c.d.runes[t.start:t.end])))
	return ok
}

func allFallbacks(g []raw) bool {
	for _, x := range g {
		if !x.rule.Fallback {
			return false
		}
	}
	return true
}

// outranks reports whether x, rather than win, should name a merged place.
// The most severe rule names it; at equal severity a specific rule wins
// over a catch-all (Rule.Fallback), then a rule of the document's (likely)
// type; then the rule whose match starts
// first, because a Chinese clause names its subject first — in
// 外嫁女及其子女不得享受分红 the women's-rights match starts at 外嫁女, the
// collective-punishment match only at 其子女, and the clause is about the
// married-out daughter. A longer match breaks a remaining tie.
func outranks(x, win raw, sev func(raw) Severity, typ string) bool {
	rank := func(y raw) int {
		r := 2 * sev(y).Rank()
		if !y.rule.Fallback {
			r++
		}
		return r
	}
	if rx, rw := rank(x), rank(win); rx != rw {
		return rx > rw
	}
	// On a document of unknown type every type's rules run; the rule of
	// the likeliest type names the place (vr-fine rather than nd-penalty
	// on what reads as a village's rules).
	if typ != "" {
		if ax, aw := x.rule.applies(typ), win.rule.applies(typ); ax != aw {
			return ax
		}
	}
	mx, mw := x.core(), win.core()
	if mx.start != mw.start {
		return mx.start < mw.start
	}
	return mx.end-mx.start > mw.end-mw.start
}

// core is what the rule matched: the place a reviewer reads the finding
// for, before it was widened to its clause.
func (x raw) core() span {
	if x.m.end > x.m.start {
		return x.m
	}
	return x.s
}

// dropFallbacks removes a catch-all's place when a specific rule marked
// the same sentence: the sanction it caught is already reported there (a
// second clause of it — 由村委会统一收取 after 每次交纳违约金200元 — would
// only repeat it). A catch-all overlapping a specific place is kept and
// merged, so the place lists it under merged.
//
// A rule's family (Rule.Family) steps aside wholly in a sentence its own
// rule marked, overlapping or not: it has the same id, so merging would
// add nothing but widen the quote over the rule's precise place (and join
// two places of the sentence into one).
func dropFallbacks(d *doc, raws []raw) []raw {
	type own struct {
		id   string
		sent int
	}
	specific := map[int]bool{}
	byRule := map[own]bool{}
	for _, x := range raws {
		// (Round 45v.) A citation check speaks of the law a sentence names
		// (《物业管理条例》 unknown, 《物权法》 repealed), not of the sanction
		// beside it: it does not report that sanction, so the catch-all keeps
		// its place (real-qt-6706: …依据《…》的规定，物业公司将予以清理，情节严重
		// 的将给予处罚).
		if !x.rule.Fallback && !x.doc && x.rule.Kind != KindCitation {
			i := d.sentenceIndex(x.s.start)
			specific[i] = true
			byRule[own{x.rule.ID, i}] = true
		}
	}
	out := raws[:0:0]
	for _, x := range raws {
		if x.rule.Fallback && !x.doc && byRule[own{x.rule.ID, d.sentenceIndex(x.s.start)}] {
			continue
		}
		if x.rule.Fallback && !x.doc && specific[d.sentenceIndex(x.s.start)] && !overlapsSpecific(raws, x.s) && !sanctionAfterNorm(d, raws, x) {
			continue
		}
		out = append(out, x)
	}
	return out
}

// breachWords is the condition a sanction is announced under (违者, 若有违背,
// 否则, 一经查实, 拒不…).
var breachWords = lazyCompile(`违者|违反|违背|违犯|否则|若有|如有|一经发现|一经查实|拒不|屡教不改|不听劝阻|劝阻无效`)

// sanctionAfterNorm reports whether a catch-all's place is the sanction
// announced for breaking what the specific places of its sentence forbid:
// every specific place ends before it, and a breach condition stands
// between them or in its own clause (广大村民不得参与他家帮忙、走人户送礼,若有
// 违背将严肃查处 — round 48v, cgmy-3658: the ban is vr-banquet-cap's, the
// threat of 查处 the catch-all's). The specific rule reported the norm,
// not the sanction, so the catch-all keeps its own place. A sanction the
// specific place already is (每次交纳违约金200元，由村委会统一收取) has no
// condition between, and is dropped as before.
func sanctionAfterNorm(d *doc, raws []raw, x raw) bool {
	sent := d.sentenceIndex(x.s.start)
	last := -1
	for _, y := range raws {
		if y.rule.Fallback || y.doc || y.rule.Kind == KindCitation || d.sentenceIndex(y.s.start) != sent {
			continue
		}
		if y.s.end > x.s.start {
			return false
		}
		last = max(last, y.s.end)
	}
	return last >= 0 && breachWords.MatchString(string(d.runes[last:x.s.end]))
}

func overlapsSpecific(raws []raw, s span) bool {
	for _, y := range raws {
		if !y.rule.Fallback && !y.doc && y.s.start < s.end && s.start < y.s.end {
			return true
		}
	}
	return false
}

// fillRelated asks the related finder about every clause finding: its
// sentence, its rule's title and basis. The questions are independent
// index searches and most of a review's time, so they run on every core;
// each answer goes to its own finding, so the report is the same as asked
// one by one.
func (e *Engine) fillRelated(fs []Finding, sentences []string, province string) error {
	if e.related == nil || len(fs) == 0 {
		return nil
	}
	errs := make([]error, len(fs))
	next := make(chan int, len(fs))
	for i := range fs {
		// A document-level finding quotes the title or the sentence where
		// something is missing, and a citation finding a law's name and
		// article number: articles "like" that text are noise (a village's
		// name finds the forest law, 第五十九条 finds any law's 第五十九条),
		// and the basis already names the articles that matter.
		if !fs[i].Document && !e.citationRule(fs[i].Rule) {
			next <- i
		}
	}
	close(next)
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(fs)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				q := RelatedQuery{Clause: fs[i].Quote, Sentence: sentences[i], Rule: fs[i].Rule,
					Title: fs[i].Title, Basis: fs[i].Basis, Province: province}
				rel, err := e.related.Related(q, 3)
				if err != nil {
					errs[i] = fmt.Errorf("find articles related to %q: %w", fs[i].Quote, err)
					continue
				}
				if rel != nil {
					fs[i].Related = rel
				}
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// citationRule reports whether a rule checks citations (its findings quote
// a law's name and an article number).
func (e *Engine) citationRule(id string) bool {
	for _, r := range e.rules {
		if r.ID == id {
			return r.Kind == KindCitation
		}
	}
	return false
}

// ruleBases gives add each article r rests on that a finding on sentence
// may cite in a document whose articles are typ's (BasisRef.fits, about),
// its part chosen by what the finding says (about).
func (e *Engine) ruleBases(r *Rule, typ, sentence, about string, at time.Time, add func(Basis)) {
	for _, ref := range r.Basis {
		if ref.fits(typ) && ref.about(sentence) {
			add(e.excerpt(e.basisAt(ref, at), about))
		}
	}
}

// basisAt is the text of a basis article as in force at the review date,
// falling back to the text resolved at start-up when the source has no
// version for that date.
func (e *Engine) basisAt(r BasisRef, at time.Time) Basis {
	ref := r.key()
	key := basisKey{ref, at.Format("2006-01-02")}
	if b, ok := e.bases.Get(key); ok {
		return b
	}
	b := e.basis[ref]
	if law, art, err := e.laws.Article(ref.Law, ref.Article, at); err == nil && law != nil && art != nil {
		b = Basis{Law: law.Name, Article: art.Label, Text: art.Text}
	}
	if b.Law == "" {
		b = Basis{Law: ref.Law, Article: ref.Article}
	}
	e.bases.Put(key, b)
	return b
}

// checklist states every review item: problem when an error or warning
// finding belongs to it, ok when rules for it ran and found nothing, manual
// when no rule can decide it for this type; plus one manual entry per
// manual rule saying what the reviewer must check.
func (e *Engine) checklist(typ string, findings []Finding) []ChecklistItem {
	problems := map[string][]string{}
	refs := map[string][]ProblemRef{}
	ruleItem := map[string]string{}
	automated := map[string]bool{}
	for _, r := range e.rules {
		ruleItem[r.ID] = r.Item
		if r.mech.automated() && runsOn(r, typ, nil) {
			automated[r.Item] = true
		}
	}
	for i, f := range findings {
		if f.Severity == SeverityInfo {
			continue
		}
		for _, id := range append([]string{f.Rule}, f.Merged...) {
			item, ok := ruleItem[id]
			if !ok {
				item = f.Item // a finding of no rule: from a precedent
			}
			if !contains(problems[item], id) {
				problems[item] = append(problems[item], id)
			}
			// One problem, one title: a merged rule is counted, not named.
			refs[item] = append(refs[item], ProblemRef{Title: f.Title, Number: i + 1})
		}
	}
	var out []ChecklistItem
	for _, item := range Items {
		ci := ChecklistItem{Item: item}
		switch {
		case len(problems[item]) > 0:
			ci.Status = StatusProblem
			ci.Note = ProblemNote(refs[item], nil)
			ci.Rules = problems[item]
		case automated[item]:
			ci.Status = StatusOK
			ci.Note = NoteOK
		default:
			ci.Status = StatusManual
			ci.Note = NoteManual
		}
		out = append(out, ci)
	}
	for _, r := range e.rules {
		if r.mech.automated() || !r.applies(typ) {
			continue
		}
		note := r.Note
		if refs := e.basisLine(r, typ); refs != "" {
			note += "（依据：" + refs + "）"
		}
		out = append(out, ChecklistItem{Item: r.Item, Status: StatusManual, Note: note, Rule: r.ID, Title: r.Title})
	}
	return out
}

func (e *Engine) basisLine(r *Rule, typ string) string {
	var parts []string
	for _, ref := range r.Basis {
		if !ref.fits(typ) {
			continue
		}
		name := ref.Law
		if b, ok := e.basis[ref.key()]; ok && b.Law != "" {
			name = b.Law
		}
		parts = append(parts, "《"+name+"》"+ref.Article)
	}
	return strings.Join(parts, "、")
}

// sentenceAround is the text of the sentences a finding's place touches:
// what the related articles are asked about.
func (d *doc) sentenceAround(s span) string {
	if d.sentenceIndex(s.start) < 0 {
		return string(d.runes[s.start:s.end])
	}
	w := d.sentenceSpan(s)
	return string(d.runes[w.start:w.end])
}

// sentenceSpan widens s to the sentences it touches: from the start of the
// sentence s starts in to the end of the one it ends in, and never less
// than s.
func (d *doc) sentenceSpan(s span) span {
	w := s
	if i := d.sentenceIndex(s.start); i >= 0 {
		w.start = min(w.start, d.sents[i].Start)
	}
	if j := d.sentenceIndex(max(s.end-1, s.start)); j >= 0 {
		w.end = max(w.end, d.sents[j].End)
	}
	return w
}
