package workflow

import (
	"cmp"
	"context"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"lawreview/review/decision"
	"lawreview/review/opinion"
	"lawreview/web/storage"
)

// Statistics of the work (issue 16): what the offices received, reviewed
// and signed, by township, type and month; the conclusions; how timely
// the reviews were and how early the drafts came; which problems were
// found. Reviewers read their office's, a bureau its offices', the
// administrator every office's.
//
// Every figure is a count of facts (storage.StatsFacts) that walk emits
// under a FigureKey; the list of documents behind a figure is the same
// walk keeping the facts emitted under that key. So a figure and its list
// cannot disagree.

// DefaultLateDays is how many working days before its meeting a draft
// should reach the office unless the page says otherwise.
const DefaultLateDays = 5

// StatsQuery is the statistics' filter as a request gives it.
type StatsQuery struct {
	From     string `form:"from"` // YYYY-MM-DD, first day
	To       string `form:"to"`   // YYYY-MM-DD, last day
	Year     string `form:"year"` // YYYY: the whole year, instead of from/to
	Office   string `form:"office"`
	Township string `form:"township"`
	Type     string `form:"type"`
	LateDays string `form:"late"`
}

// StatsFilter is a checked StatsQuery.
type StatsFilter struct {
	From       time.Time `json:"from"` // first day, local midnight
	To         time.Time `json:"to"`   // the day after the last
	OfficeID   int64     `json:"office_id,omitempty"`
	TownshipID int64     `json:"township_id,omitempty"`
	Type       string    `json:"type,omitempty"`
	LateDays   int       `json:"late_days"`
}

// Last is the last day of the period.
func (f StatsFilter) Last() time.Time { return f.To.AddDate(0, 0, -1) }

// Values is the filter as query parameters.
func (f StatsFilter) Values() url.Values {
	v := url.Values{}
	v.Set("from", f.From.Format(time.DateOnly))
	v.Set("to", f.Last().Format(time.DateOnly))
	if f.OfficeID != 0 {
		v.Set("office", strconv.FormatInt(f.OfficeID, 10))
	}
	if f.TownshipID != 0 {
		v.Set("township", strconv.FormatInt(f.TownshipID, 10))
	}
	if f.Type != "" {
		v.Set("type", f.Type)
	}
	if f.LateDays != DefaultLateDays {
		v.Set("late", strconv.Itoa(f.LateDays))
	}
	return v
}

// Query is Values encoded.
func (f StatsFilter) Query() string { return f.Values().Encode() }

// PeriodLabel names the period: 2026年, 2026年3月, 2026年1月1日至2026年6月30日.
func (f StatsFilter) PeriodLabel() string {
	last := f.Last()
	switch {
	case f.From.Month() == 1 && f.From.Day() == 1 && last.Month() == 12 && last.Day() == 31 && f.From.Year() == last.Year():
		return fmt.Sprintf("%d年", f.From.Year())
	case f.From.Day() == 1 && f.To.Day() == 1 && f.To.Equal(f.From.AddDate(0, 1, 0)):
		return fmt.Sprintf("%d年%d月", f.From.Year(), int(f.From.Month()))
	}
	return fmt.Sprintf("%d年%d月%d日至%d年%d月%d日", f.From.Year(), int(f.From.Month()), f.From.Day(), last.Year(), int(last.Month()), last.Day())
}

// Metric is what a figure counts.
type Metric string

const (
	MetricReceived            Metric = "received"              // documents received (first version) in the period
	MetricReviewed            Metric = "reviewed"              // documents with an opinion signed in the period
	MetricOpinions            Metric = "opinions"              // opinions signed (文号 issued) in the period
	MetricRevised             Metric = "revised"               // documents a revised version of which came in the period
	MetricSignDays            Metric = "sign_days"             // opinions, with the days from upload to sign-off
	MetricWithMeeting         Metric = "with_meeting"          // opinions of documents with a meeting date
	MetricBeforeMeeting       Metric = "before_meeting"        // of those, signed before the meeting day
	MetricReceivedWithMeeting Metric = "received_with_meeting" // documents received with a meeting date
	MetricLate                Metric = "late"                  // of those, received fewer than N working days before it
	MetricFindings            Metric = "findings"              // findings of the reviews signed in the period
)

var metricLabels = map[Metric]string{
	MetricReceived: "收到草案", MetricReviewed: "完成审查的文件", MetricOpinions: "出具的审查意见书", MetricRevised: "修改后重新报送的草案",
	MetricSignDays: "签发用时", MetricWithMeeting: "有审议会议日期的意见书", MetricBeforeMeeting: "会议前签发的意见书",
	MetricReceivedWithMeeting: "填写了审议会议日期的草案", MetricLate: "送审过晚的草案", MetricFindings: "审查发现的问题",
}

// Label is the metric's name on pages.
func (m Metric) Label() string { return metricLabels[m] }

// Valid reports a known metric.
func (m Metric) Valid() bool { _, ok := metricLabels[m]; return ok }

// FigureKey names one figure: a metric and the values it is broken down
// by (zero: not broken down).
type FigureKey struct {
	Metric     Metric                `json:"metric"`
	Township   int64                 `json:"township,omitempty"`
	Type       string                `json:"type,omitempty"`
	Month      string                `json:"month,omitempty"` // YYYY-MM
	Conclusion decision.Conclusion   `json:"conclusion,omitempty"`
	Item       string                `json:"item,omitempty"`
	Rule       string                `json:"rule,omitempty"` // the rule's title
	Origin     string                `json:"origin,omitempty"`
	State      decision.FindingState `json:"state,omitempty"`
}

func (k FigureKey) values() url.Values {
	v := url.Values{}
	v.Set("fig", string(k.Metric))
	set := func(name, val string) {
		if val != "" {
			v.Set(name, val)
		}
	}
	if k.Township != 0 {
		v.Set("t", strconv.FormatInt(k.Township, 10))
	}
	set("dtype", k.Type)
	set("month", k.Month)
	set("conclusion", string(k.Conclusion))
	set("item", k.Item)
	set("rule", k.Rule)
	set("origin", k.Origin)
	set("state", string(k.State))
	return v
}

// ParseFigureKey reads the figure of a list's query (fig, t, dtype, month,
// conclusion, item, rule, origin, state).
func ParseFigureKey(get func(string) string) (FigureKey, error) {
	k := FigureKey{Metric: Metric(get("fig")), Type: get("dtype"), Month: get("month"), Conclusion: decision.Conclusion(get("conclusion")),
		Item: get("item"), Rule: get("rule"), Origin: get("origin"), State: decision.FindingState(get("state"))}
	bad := func(what string) (FigureKey, error) {
		return FigureKey{}, fail(Invalid, "统计项参数有误："+what)
	}
	if !k.Metric.Valid() {
		return bad("fig")
	}
	if t := get("t"); t != "" {
		id, err := strconv.ParseInt(t, 10, 64)
		if err != nil || id <= 0 {
			return bad("t")
		}
		k.Township = id
	}
	if k.Type != "" && !slices.Contains(DocTypes, k.Type) && utf8.RuneCountInString(k.Type) > 20 {
		return bad("dtype")
	}
	if k.Month != "" {
		if _, err := time.Parse("2006-01", k.Month); err != nil {
			return bad("month")
		}
	}
	if k.Conclusion != "" && !k.Conclusion.Valid() {
		return bad("conclusion")
	}
	if k.State != "" && k.State.Rank() == 0 {
		return bad("state")
	}
	if k.Origin != "" && k.Origin != "manual" {
		return bad("origin")
	}
	if utf8.RuneCountInString(k.Item) > 200 || utf8.RuneCountInString(k.Rule) > 200 {
		return bad("item")
	}
	return k, nil
}

// Figure is one number on the page and the list of documents behind it.
type Figure struct {
	N    int    `json:"n"`
	Href string `json:"href"`
}

// MatrixCell is one township × type cell (or a total).
type MatrixCell struct {
	Type     string `json:"type,omitempty"`
	Received Figure `json:"received"`
	Reviewed Figure `json:"reviewed"`
	Opinions Figure `json:"opinions"`
}

// MatrixRow is one township.
type MatrixRow struct {
	TownshipID int64        `json:"township_id,omitempty"`
	Township   string       `json:"township"`
	Cells      []MatrixCell `json:"cells"`
	Total      MatrixCell   `json:"total"`
}

// MonthRow is one month.
type MonthRow struct {
	Month    string `json:"month"` // YYYY-MM
	Label    string `json:"label"` // 2026年3月
	Received Figure `json:"received"`
	Opinions Figure `json:"opinions"`
}

// ConclusionRow is the opinions of one conclusion.
type ConclusionRow struct {
	Conclusion decision.Conclusion `json:"conclusion"`
	Opinions   Figure              `json:"opinions"`
}

// Timeliness is how fast the office signed and how early drafts came.
type Timeliness struct {
	MedianDays    float64 `json:"median_days"` // upload of the version signed → sign-off, calendar days
	HasMedian     bool    `json:"has_median"`
	Signed        Figure  `json:"signed"` // the opinions the median is of
	WithMeeting   Figure  `json:"with_meeting"`
	BeforeMeeting Figure  `json:"before_meeting"`
	BeforeShare   float64 `json:"before_share"` // BeforeMeeting / WithMeeting, 0..1
	// Received with a meeting date, and of those received fewer than
	// LateDays working days before it.
	ReceivedWithMeeting Figure  `json:"received_with_meeting"`
	Late                Figure  `json:"late"`
	LateShare           float64 `json:"late_share"`
	LateDays            int     `json:"late_days"`
}

// TownshipTimeliness is the timeliness of one township's drafts.
type TownshipTimeliness struct {
	TownshipID int64 `json:"township_id"`
	Township   string
	Timeliness
}

// ItemRow is the findings of one checklist item.
type ItemRow struct {
	Item      string `json:"item"`
	Accepted  Figure `json:"accepted"`
	Dismissed Figure `json:"dismissed"`
	Open      Figure `json:"open"`
	Manual    Figure `json:"manual"` // added by reviewers
}

// RuleRow is the findings of one rule, by its title.
type RuleRow struct {
	Title     string `json:"title"`
	Item      string `json:"item"`
	Accepted  Figure `json:"accepted"`
	Dismissed Figure `json:"dismissed"`
	Open      Figure `json:"open"`
	All       Figure `json:"all"`
}

// ProblemCount is one problem and how often it was accepted.
type ProblemCount struct {
	Title    string `json:"title"`
	Accepted Figure `json:"accepted"`
}

// TownshipProblems are a township's most recurring accepted problems.
type TownshipProblems struct {
	TownshipID int64          `json:"township_id"`
	Township   string         `json:"township"`
	Problems   []ProblemCount `json:"problems"`
}

// Stats is the statistics page.
type Stats struct {
	Filter    StatsFilter        `json:"filter"`
	Unit      string             `json:"unit"` // whose figures: the office, the bureau
	Offices   []storage.Office   `json:"-"`
	Townships []storage.Township `json:"-"`
	Types     []string           `json:"types"`

	Received Figure `json:"received"`
	Reviewed Figure `json:"reviewed"`
	Opinions Figure `json:"opinions"`
	Revised  Figure `json:"revised"`

	Matrix      []MatrixRow          `json:"matrix"`
	Totals      MatrixRow            `json:"totals"`
	Months      []MonthRow           `json:"months"`
	Conclusions []ConclusionRow      `json:"conclusions"`
	Timeliness  Timeliness           `json:"timeliness"`
	ByTownship  []TownshipTimeliness `json:"by_township"`
	Items       []ItemRow            `json:"items"`
	Rules       []RuleRow            `json:"rules"`
	Recurring   []TownshipProblems   `json:"recurring"`
	Manual      Figure               `json:"manual"`
	Findings    Figure               `json:"findings"`
	Accepted    Figure               `json:"accepted"`
	Dismissed   Figure               `json:"dismissed"`

	// HolidayYears are the years whose public holidays the working days
	// know; UncoveredYears those of the period it does not (weekends
	// only).
	HolidayYears   []int `json:"holiday_years"`
	UncoveredYears []int `json:"uncovered_years"`
}

// statRow is one fact a figure counts.
type statRow struct {
	Doc      *storage.StatsDocument
	Signoff  *storage.StatsSignoff
	Finding  *storage.StatsFinding
	Days     float64 // upload → sign-off (sign_days)
	Workdays int     // received → meeting (late)
}

// statsRun is one reading of the facts for a user and filter.
type statsRun struct {
	filter StatsFilter
	scope  []int64
	facts  *storage.StatsFacts
	cal    *Calendar
}

// walk emits every fact under every key it counts for. A fact is emitted
// at most once per key.
func (r *statsRun) walk(emit func(FigureKey, statRow)) {
	f, fx := r.filter, r.facts
	docs := map[int64]*storage.StatsDocument{}
	for i := range fx.Documents {
		docs[fx.Documents[i].ID] = &fx.Documents[i]
	}
	keep := func(d *storage.StatsDocument) bool {
		return d != nil && (f.TownshipID == 0 || d.TownshipID == f.TownshipID) && (f.Type == "" || d.Type == f.Type)
	}
	office := func(id int64) bool { return inScope(r.scope, id) && (f.OfficeID == 0 || id == f.OfficeID) }
	in := func(t time.Time) bool { return !t.Before(f.From) && t.Before(f.To) }
	cube := func(m Metric, d *storage.StatsDocument, row statRow) {
		emit(FigureKey{Metric: m}, row)
		emit(FigureKey{Metric: m, Township: d.TownshipID}, row)
		emit(FigureKey{Metric: m, Type: d.Type}, row)
		emit(FigureKey{Metric: m, Township: d.TownshipID, Type: d.Type}, row)
	}
	both := func(m Metric, d *storage.StatsDocument, row statRow) {
		emit(FigureKey{Metric: m}, row)
		emit(FigureKey{Metric: m, Township: d.TownshipID}, row)
	}

	for i := range fx.Documents {
		d := &fx.Documents[i]
		if !keep(d) || !office(d.OfficeID) || !in(d.Received) {
			continue
		}
		row := statRow{Doc: d}
		cube(MetricReceived, d, row)
		emit(FigureKey{Metric: MetricReceived, Month: monthOf(d.Received)}, row)
		if !d.Meeting.IsZero() {
			row.Workdays = r.cal.Workdays(d.Received.Local(), d.Meeting)
			both(MetricReceivedWithMeeting, d, row)
			if row.Workdays < f.LateDays {
				both(MetricLate, d, row)
			}
		}
	}

	revised := map[int64]bool{}
	for _, rv := range fx.Revisions {
		d := docs[rv.DocumentID]
		if !keep(d) || !office(d.OfficeID) || !in(rv.UploadedAt) || revised[d.ID] {
			continue
		}
		revised[d.ID] = true
		both(MetricRevised, d, statRow{Doc: d})
	}

	reviewed := map[int64]bool{}
	current := map[int64]*storage.StatsSignoff{} // review → its current sign-off, when in the period
	for i := range fx.Signoffs {
		so := &fx.Signoffs[i]
		d := docs[so.DocumentID]
		if !keep(d) || !office(so.OfficeID) || !in(so.SignedAt) {
			continue
		}
		if so.Current {
			current[so.ReviewID] = so
		}
		row := statRow{Doc: d, Signoff: so, Days: so.SignedAt.Sub(so.Uploaded).Hours() / 24}
		cube(MetricOpinions, d, row)
		emit(FigureKey{Metric: MetricOpinions, Month: monthOf(so.SignedAt)}, row)
		emit(FigureKey{Metric: MetricOpinions, Conclusion: so.Conclusion}, row)
		if !reviewed[d.ID] {
			reviewed[d.ID] = true
			cube(MetricReviewed, d, statRow{Doc: d, Signoff: so})
		}
		both(MetricSignDays, d, row)
		if !d.Meeting.IsZero() {
			both(MetricWithMeeting, d, row)
			if so.SignedAt.Before(d.Meeting) {
				both(MetricBeforeMeeting, d, row)
			}
		}
	}

	for i := range fx.Findings {
		fd := &fx.Findings[i]
		so := current[fd.ReviewID]
		d := docs[fd.DocumentID]
		if so == nil || d == nil {
			continue // its review's signature is outside the filter
		}
		row := statRow{Doc: d, Signoff: so, Finding: fd}
		if fd.Origin == "manual" {
			emit(FigureKey{Metric: MetricFindings, Origin: "manual"}, row)
			emit(FigureKey{Metric: MetricFindings, Origin: "manual", Item: fd.Item}, row)
			continue
		}
		title := ruleTitle(fd)
		emit(FigureKey{Metric: MetricFindings}, row)
		emit(FigureKey{Metric: MetricFindings, State: fd.State}, row)
		emit(FigureKey{Metric: MetricFindings, Item: fd.Item, State: fd.State}, row)
		emit(FigureKey{Metric: MetricFindings, Rule: title}, row)
		emit(FigureKey{Metric: MetricFindings, Rule: title, State: fd.State}, row)
		if fd.State == decision.FindingAccepted {
			emit(FigureKey{Metric: MetricFindings, Township: d.TownshipID, Rule: title, State: fd.State}, row)
		}
	}
}

// ruleTitle is the name a finding's rule is counted under: its title,
// which reviewers know, rather than its id.
func ruleTitle(f *storage.StatsFinding) string {
	if f.Title != "" {
		return f.Title
	}
	if f.Item != "" {
		return f.Item
	}
	return "（未命名规则）"
}

func monthOf(t time.Time) string { return t.Local().Format("2006-01") }

// statsRun checks the query against what the user may read and reads the
// facts once.
func (s *Service) statsRun(ctx context.Context, u *storage.User, q StatsQuery) (*statsRun, *Stats, error) {
	scope, err := s.statsOffices(ctx, u)
	if err != nil {
		return nil, nil, err
	}
	f, err := s.parseStatsQuery(q)
	if err != nil {
		return nil, nil, err
	}
	offices, err := s.Store.ListOffices(ctx)
	if err != nil {
		return nil, nil, err
	}
	towns, err := s.Store.ListTownships(ctx)
	if err != nil {
		return nil, nil, err
	}
	st := &Stats{Filter: f, Types: DocTypes}
	for _, o := range offices {
		if inScope(scope, o.ID) {
			st.Offices = append(st.Offices, o)
		}
	}
	if f.OfficeID != 0 && !slices.ContainsFunc(st.Offices, func(o storage.Office) bool { return o.ID == f.OfficeID }) {
		return nil, nil, fail(Invalid, "所选司法所不在您可查看的范围内")
	}
	for _, t := range towns {
		if inScope(scope, t.OfficeID) && (f.OfficeID == 0 || t.OfficeID == f.OfficeID) {
			st.Townships = append(st.Townships, t)
		}
	}
	if f.TownshipID != 0 && !slices.ContainsFunc(st.Townships, func(t storage.Township) bool { return t.ID == f.TownshipID }) {
		return nil, nil, fail(Invalid, "所选镇（街道）不在您可查看的范围内")
	}
	st.Unit = statsUnit(u, st.Offices, f.OfficeID)
	sc := storage.StatsScope{OfficeIDs: scope, From: f.From, To: f.To}
	if f.OfficeID != 0 {
		sc.OfficeIDs = []int64{f.OfficeID}
	}
	fx, err := s.Store.StatsFacts(ctx, sc)
	if err != nil {
		return nil, nil, err
	}
	return &statsRun{filter: f, scope: scope, facts: fx, cal: Holidays}, st, nil
}

// statsUnit names whose figures these are: the office, the bureau.
func statsUnit(u *storage.User, offices []storage.Office, officeID int64) string {
	for _, o := range offices {
		if o.ID == officeID || (officeID == 0 && len(offices) == 1 && u.Role == storage.RoleReviewer) {
			return o.Name
		}
	}
	if u.Role == storage.RoleBureau && u.BureauName != "" {
		return u.BureauName
	}
	if len(offices) == 1 {
		return offices[0].Name
	}
	return "各司法所"
}

// maxStatsYears bounds a period: the walk is over all its facts.
const maxStatsYears = 10

func (s *Service) parseStatsQuery(q StatsQuery) (StatsFilter, error) {
	today := s.Today()
	f := StatsFilter{From: time.Date(today.Year(), 1, 1, 0, 0, 0, 0, time.Local), To: today.AddDate(0, 0, 1), LateDays: DefaultLateDays}
	if q.Year != "" {
		y, err := strconv.Atoi(q.Year)
		if err != nil || y < 2000 || y > 2100 {
			return f, fail(Invalid, "年份应为 2000 至 2100 之间的四位数字")
		}
		f.From = time.Date(y, 1, 1, 0, 0, 0, 0, time.Local)
		f.To = f.From.AddDate(1, 0, 0)
	}
	if q.From != "" || q.To != "" {
		from, err := parseDate(q.From)
		if err != nil {
			return f, fail(Invalid, "起始日期格式应为 年-月-日，例如 2026-01-01")
		}
		to, err := parseDate(q.To)
		if err != nil {
			return f, fail(Invalid, "截止日期格式应为 年-月-日，例如 2026-12-31")
		}
		if !from.IsZero() {
			f.From = from
		}
		if !to.IsZero() {
			f.To = to.AddDate(0, 0, 1)
		}
	}
	if !f.To.After(f.From) {
		return f, fail(Invalid, "截止日期不能早于起始日期")
	}
	if f.To.After(f.From.AddDate(maxStatsYears, 0, 0)) {
		return f, fail(Invalid, fmt.Sprintf("统计期间不超过 %d 年", maxStatsYears))
	}
	id := func(name, v string) (int64, error) {
		if v == "" || v == "0" {
			return 0, nil
		}
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return 0, fail(Invalid, name+"参数有误")
		}
		return n, nil
	}
	var err error
	if f.OfficeID, err = id("司法所", q.Office); err != nil {
		return f, err
	}
	if f.TownshipID, err = id("镇（街道）", q.Township); err != nil {
		return f, err
	}
	if q.Type != "" && !slices.Contains(DocTypes, q.Type) {
		return f, invalidType()
	}
	f.Type = q.Type
	if q.LateDays != "" {
		n, err := IntParam("late", q.LateDays, 1, 60, DefaultLateDays)
		if err != nil {
			return f, fail(Invalid, "送审期限应为 1 至 60 个工作日")
		}
		f.LateDays = n
	}
	return f, nil
}

// Statistics computes the statistics page for the user's offices.
func (s *Service) Statistics(ctx context.Context, u *storage.User, q StatsQuery) (*Stats, error) {
	run, st, err := s.statsRun(ctx, u, q)
	if err != nil {
		return nil, err
	}
	counts := map[FigureKey]int{}
	days := map[FigureKey][]float64{}
	names := map[int64]string{} // townships met in the facts
	run.walk(func(k FigureKey, r statRow) {
		counts[k]++
		if k.Metric == MetricSignDays {
			days[k] = append(days[k], r.Days)
		}
		names[r.Doc.TownshipID] = r.Doc.Township
	})
	base := run.filter.Values()
	fig := func(k FigureKey) Figure {
		v := k.values()
		for name, vals := range base {
			v[name] = vals
		}
		return Figure{N: counts[k], Href: "/stats/documents?" + v.Encode()}
	}
	f := run.filter
	st.Received, st.Reviewed = fig(FigureKey{Metric: MetricReceived}), fig(FigureKey{Metric: MetricReviewed})
	st.Opinions, st.Revised = fig(FigureKey{Metric: MetricOpinions}), fig(FigureKey{Metric: MetricRevised})

	// Townships: those of the offices, and any other the facts name (a
	// township moved to another office since).
	var towns []storage.Township
	seen := map[int64]bool{}
	for _, t := range st.Townships {
		if f.TownshipID == 0 || t.ID == f.TownshipID {
			towns = append(towns, t)
			seen[t.ID] = true
		}
	}
	for id, name := range names {
		if !seen[id] {
			towns = append(towns, storage.Township{ID: id, Name: name})
		}
	}
	types := DocTypes
	if f.Type != "" {
		types = []string{f.Type}
	}
	cell := func(t int64, typ string) MatrixCell {
		return MatrixCell{Type: typ, Received: fig(FigureKey{Metric: MetricReceived, Township: t, Type: typ}),
			Reviewed: fig(FigureKey{Metric: MetricReviewed, Township: t, Type: typ}), Opinions: fig(FigureKey{Metric: MetricOpinions, Township: t, Type: typ})}
	}
	for _, t := range towns {
		row := MatrixRow{TownshipID: t.ID, Township: t.Name, Total: cell(t.ID, "")}
		for _, typ := range types {
			row.Cells = append(row.Cells, cell(t.ID, typ))
		}
		st.Matrix = append(st.Matrix, row)
	}
	st.Totals = MatrixRow{Township: "合计", Total: cell(0, "")}
	for _, typ := range types {
		st.Totals.Cells = append(st.Totals.Cells, cell(0, typ))
	}
	st.Types = types

	for m := time.Date(f.From.Year(), f.From.Month(), 1, 0, 0, 0, 0, time.Local); m.Before(f.To); m = m.AddDate(0, 1, 0) {
		k := m.Format("2006-01")
		st.Months = append(st.Months, MonthRow{Month: k, Label: fmt.Sprintf("%d年%d月", m.Year(), int(m.Month())),
			Received: fig(FigureKey{Metric: MetricReceived, Month: k}), Opinions: fig(FigureKey{Metric: MetricOpinions, Month: k})})
	}
	for _, c := range decision.Conclusions {
		st.Conclusions = append(st.Conclusions, ConclusionRow{Conclusion: c, Opinions: fig(FigureKey{Metric: MetricOpinions, Conclusion: c})})
	}

	timeliness := func(t int64) Timeliness {
		tl := Timeliness{LateDays: f.LateDays, Signed: fig(FigureKey{Metric: MetricSignDays, Township: t}),
			WithMeeting: fig(FigureKey{Metric: MetricWithMeeting, Township: t}), BeforeMeeting: fig(FigureKey{Metric: MetricBeforeMeeting, Township: t}),
			ReceivedWithMeeting: fig(FigureKey{Metric: MetricReceivedWithMeeting, Township: t}), Late: fig(FigureKey{Metric: MetricLate, Township: t})}
		if ds := days[FigureKey{Metric: MetricSignDays, Township: t}]; len(ds) > 0 {
			tl.MedianDays, tl.HasMedian = median(ds), true
		}
		tl.BeforeShare = share(tl.BeforeMeeting.N, tl.WithMeeting.N)
		tl.LateShare = share(tl.Late.N, tl.ReceivedWithMeeting.N)
		return tl
	}
	st.Timeliness = timeliness(0)
	for _, t := range towns {
		tl := timeliness(t.ID)
		if tl.ReceivedWithMeeting.N > 0 || tl.Signed.N > 0 {
			st.ByTownship = append(st.ByTownship, TownshipTimeliness{TownshipID: t.ID, Township: t.Name, Timeliness: tl})
		}
	}

	// Problems.
	st.Findings = fig(FigureKey{Metric: MetricFindings})
	st.Accepted = fig(FigureKey{Metric: MetricFindings, State: decision.FindingAccepted})
	st.Dismissed = fig(FigureKey{Metric: MetricFindings, State: decision.FindingDismissed})
	st.Manual = fig(FigureKey{Metric: MetricFindings, Origin: "manual"})
	items, rules := map[string]bool{}, map[string]string{}
	for k := range counts {
		if k.Metric != MetricFindings || k.Township != 0 {
			continue
		}
		if k.Item != "" {
			items[k.Item] = true
		}
		if k.Rule != "" {
			rules[k.Rule] = ""
		}
	}
	for i := range run.facts.Findings {
		fd := &run.facts.Findings[i]
		if t := ruleTitle(fd); fd.Origin != "manual" {
			if _, ok := rules[t]; ok && rules[t] == "" {
				rules[t] = fd.Item
			}
		}
	}
	for it := range items {
		st.Items = append(st.Items, ItemRow{Item: it,
			Accepted:  fig(FigureKey{Metric: MetricFindings, Item: it, State: decision.FindingAccepted}),
			Dismissed: fig(FigureKey{Metric: MetricFindings, Item: it, State: decision.FindingDismissed}),
			Open:      fig(FigureKey{Metric: MetricFindings, Item: it, State: decision.FindingOpen}),
			Manual:    fig(FigureKey{Metric: MetricFindings, Origin: "manual", Item: it})})
	}
	sort.Slice(st.Items, func(i, j int) bool {
		a, b := st.Items[i], st.Items[j]
		if x, y := a.Accepted.N+a.Manual.N, b.Accepted.N+b.Manual.N; x != y {
			return x > y
		}
		return a.Item < b.Item
	})
	for title, item := range rules {
		st.Rules = append(st.Rules, RuleRow{Title: title, Item: item,
			Accepted:  fig(FigureKey{Metric: MetricFindings, Rule: title, State: decision.FindingAccepted}),
			Dismissed: fig(FigureKey{Metric: MetricFindings, Rule: title, State: decision.FindingDismissed}),
			Open:      fig(FigureKey{Metric: MetricFindings, Rule: title, State: decision.FindingOpen}),
			All:       fig(FigureKey{Metric: MetricFindings, Rule: title})})
	}
	sort.Slice(st.Rules, func(i, j int) bool {
		a, b := st.Rules[i], st.Rules[j]
		if a.Accepted.N != b.Accepted.N {
			return a.Accepted.N > b.Accepted.N
		}
		if a.All.N != b.All.N {
			return a.All.N > b.All.N
		}
		return a.Title < b.Title
	})
	for _, t := range towns {
		tp := TownshipProblems{TownshipID: t.ID, Township: t.Name}
		for title := range rules {
			k := FigureKey{Metric: MetricFindings, Township: t.ID, Rule: title, State: decision.FindingAccepted}
			if counts[k] > 0 {
				tp.Problems = append(tp.Problems, ProblemCount{Title: title, Accepted: fig(k)})
			}
		}
		slices.SortFunc(tp.Problems, func(a, b ProblemCount) int {
			return cmp.Or(cmp.Compare(b.Accepted.N, a.Accepted.N), strings.Compare(a.Title, b.Title))
		})
		if len(tp.Problems) > recurringShown {
			tp.Problems = tp.Problems[:recurringShown]
		}
		if len(tp.Problems) > 0 {
			st.Recurring = append(st.Recurring, tp)
		}
	}
	st.HolidayYears = run.cal.Years()
	st.UncoveredYears = run.cal.Uncovered(f.From, f.Last())
	return st, nil
}

// recurringShown is how many problems a township's row names.
const recurringShown = 3

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

func share(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// FigureList is the list of documents behind one figure.
type FigureList struct {
	Filter StatsFilter  `json:"filter"`
	Key    FigureKey    `json:"key"`
	Title  string       `json:"title"` // what the figure counts, with its breakdown
	N      int          `json:"n"`     // the figure: documents, opinions or findings
	Rows   []FigureRow  `json:"rows"`
	Back   string       `json:"back"` // the statistics page with the same filter
	Unit   string       `json:"unit"`
	Counts string       `json:"counts"` // what N counts: 件, 份, 项
	Docs   int          `json:"documents"`
	Kind   FigureListOf `json:"kind"`
}

// FigureListOf says what a list's rows are.
type FigureListOf string

const (
	ListDocuments FigureListOf = "documents"
	ListOpinions  FigureListOf = "opinions"
	ListFindings  FigureListOf = "findings"
)

// FigureRow is one document (with the opinion or findings counted).
type FigureRow struct {
	Document storage.StatsDocument  `json:"document"`
	Signoff  *storage.StatsSignoff  `json:"signoff,omitempty"`
	Days     float64                `json:"days,omitempty"`
	Workdays int                    `json:"workdays,omitempty"`
	Findings []storage.StatsFinding `json:"findings,omitempty"`
	// DocNumber is the 文号 of Signoff as printed (opinion.DocNumber).
	DocNumber string `json:"doc_number,omitempty"`
	// Href is where the user may open the document or its signed
	// opinion; "" when nowhere.
	Href string `json:"href,omitempty"`
}

// StatsDocuments lists the documents behind one figure of the page.
func (s *Service) StatsDocuments(ctx context.Context, u *storage.User, q StatsQuery, key FigureKey) (*FigureList, error) {
	run, st, err := s.statsRun(ctx, u, q)
	if err != nil {
		return nil, err
	}
	out := &FigureList{Filter: run.filter, Key: key, Back: "/stats?" + run.filter.Query(), Unit: st.Unit}
	out.Title = figureTitle(key, st)
	byDoc := map[int64]int{} // findings lists: row of each document's review
	run.walk(func(k FigureKey, r statRow) {
		if k != key {
			return
		}
		out.N++
		row := FigureRow{Document: *r.Doc, Signoff: r.Signoff, Days: r.Days, Workdays: r.Workdays}
		if r.Signoff != nil {
			row.DocNumber = opinion.DocNumber(r.Signoff.Office, r.Signoff.Number)
		}
		if r.Finding != nil {
			if i, ok := byDoc[r.Signoff.ReviewID]; ok {
				out.Rows[i].Findings = append(out.Rows[i].Findings, *r.Finding)
				return
			}
			byDoc[r.Signoff.ReviewID] = len(out.Rows)
			row.Findings = []storage.StatsFinding{*r.Finding}
		}
		out.Rows = append(out.Rows, row)
	})
	docs := map[int64]bool{}
	for i := range out.Rows {
		docs[out.Rows[i].Document.ID] = true
		out.Rows[i].Href = s.figureHref(u, &out.Rows[i])
	}
	out.Docs = len(docs)
	switch {
	case key.Metric == MetricFindings:
		out.Kind, out.Counts = ListFindings, "项"
	case key.Metric == MetricOpinions || key.Metric == MetricSignDays || key.Metric == MetricWithMeeting || key.Metric == MetricBeforeMeeting:
		out.Kind, out.Counts = ListOpinions, "份"
	default:
		out.Kind, out.Counts = ListDocuments, "件"
	}
	if key.Metric == MetricSignDays {
		slices.SortStableFunc(out.Rows, func(a, b FigureRow) int { return cmp.Compare(b.Days, a.Days) })
	}
	return out, nil
}

// figureHref is where a list's row opens for this user: a reviewer opens
// the document; a bureau the signed opinion (the register's view of it),
// while it stands; the administrator nothing.
func (s *Service) figureHref(u *storage.User, r *FigureRow) string {
	switch u.Role {
	case storage.RoleReviewer:
		if r.Document.OfficeID == u.OfficeID || (r.Signoff != nil && r.Signoff.OfficeID == u.OfficeID) {
			return fmt.Sprintf("/documents/%d", r.Document.ID)
		}
	case storage.RoleBureau:
		if r.Signoff != nil && r.Signoff.Current {
			return fmt.Sprintf("/register/%d/opinion", r.Signoff.ID)
		}
	}
	return ""
}

// figureTitle names a figure: its metric and breakdown.
func figureTitle(k FigureKey, st *Stats) string {
	parts := []string{k.Metric.Label()}
	if k.Origin == "manual" {
		parts[0] = "审查人添加的问题"
	}
	if k.Township != 0 {
		name := fmt.Sprintf("镇（街道）%d", k.Township)
		for _, t := range st.Townships {
			if t.ID == k.Township {
				name = t.Name
			}
		}
		parts = append(parts, name)
	}
	if k.Type != "" {
		parts = append(parts, k.Type)
	}
	if k.Month != "" {
		if m, err := time.Parse("2006-01", k.Month); err == nil {
			parts = append(parts, fmt.Sprintf("%d年%d月", m.Year(), int(m.Month())))
		}
	}
	if k.Conclusion != "" {
		parts = append(parts, "结论"+k.Conclusion.Label())
	}
	if k.Item != "" {
		parts = append(parts, k.Item)
	}
	if k.Rule != "" {
		parts = append(parts, k.Rule)
	}
	if k.State != "" {
		parts = append(parts, k.State.Label())
	}
	if k.Metric == MetricLate {
		parts = append(parts, fmt.Sprintf("会议前不足 %d 个工作日", st.Filter.LateDays))
	}
	return strings.Join(parts, " · ")
}
