package workflow

import (
	"bytes"
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"
	"time"

	"lawreview/review"
	"lawreview/review/decision"
	"lawreview/web/storage"
)

// A year of demo history (issue 16), so that the statistics, the register
// and the annual report have something to show: three offices, eight
// townships, about a hundred drafts over the twelve months before today,
// reviewed, decided and signed through the workflow's own operations
// under a simulated clock, deterministic for a given day. The drafts are
// the project's own demo texts (demo/history), reviewed by the real
// engine once per text. Decisions follow the engine: errors are
// accepted; warnings mostly accepted; notes and some warnings dismissed
// with a reason that says it is demo data.

// demoOffice is an office of the demo and its townships.
type demoOffice struct {
	name      string
	townships []demoTownship
}

type demoTownship struct {
	name   string
	clerk  string // user name
	person string // the clerk's name
	drafts int    // a year's drafts
}

var demoOffices = []demoOffice{
	{"城关司法所", []demoTownship{{"东湖镇", "donghu", "张敏", 18}, {"西山街道", "xishan", "李强", 12}}},
	{"南河司法所", []demoTownship{{"南河镇", "nanhe", "刘芳", 16}, {"北塘镇", "beitang", "陈刚", 10}, {"青石乡", "qingshi", "吴霞", 6}}},
	{"桥头司法所", []demoTownship{{"桥头镇", "qiaotou", "郑伟", 14}, {"白沙镇", "baisha", "何静", 9}, {"石门街道", "shimen", "马超", 8}}},
}

// demoReviewers are the reviewers of the offices after the first (whose
// reviewer is suozhang), and demoBureau the county bureau over all three.
var demoReviewers = map[string][2]string{"南河司法所": {"nanhesuo", "孙丽"}, "桥头司法所": {"qiaotousuo", "周涛"}}

const (
	demoBureau        = "示范县司法局"
	demoBureauAccount = "sifaju"
)

// demoNote is a reviewer's own finding on a demo draft: what the rules
// leave to judgment.
type demoNote struct{ quote, message, item string }

type historyDraft struct {
	file    string
	title   string // %[1]s the township, %[2]s a village or community
	typ     string
	weight  int
	revised string // file of the revised version, when the township sends one
	note    *demoNote
}

var historyDrafts = []historyDraft{
	{"cunguiminyue.txt", "%[1]s%[2]s村村规民约（草案）", "村规民约", 30, "cunguiminyue-v2.txt",
		&demoNote{"圈养", "“圈养”的要求宜设过渡期，并写明放牧等例外情形", "合理性"}},
	{"jumingongyue.txt", "%[1]s%[2]s社区居民公约（草案）", "居民公约", 10, "", nil},
	{"jianfang.txt", "%[1]s关于加强农村村民建房管理的通知（征求意见稿）", "规范性文件", 15, "",
		&demoNote{"一户只能拥有一处宅基地", "宜写明依据《中华人民共和国土地管理法》第六十二条第一款", "形式规范"}},
	{"fangxun.txt", "%[1]s关于做好防汛工作的通知", "规范性文件", 15, "", nil},
	{"caigou.txt", "%[1]s关于规范辖区餐饮服务单位食材采购的决定", "决定", 10, "", nil},
	{"zulin.txt", "%[1]s文化广场场地租赁合同（草案）", "合同", 10, "",
		&demoNote{"用于开展群众文化活动及商业演出", "宜约定场地的公益使用时段和乙方的安全保障责任", "合理性"}},
	{"baojie.txt", "%[1]s道路保洁服务合同（草案）", "合同", 10, "", nil},
}

var demoVillages = []string{"青山", "石桥", "桃源", "柳溪", "红星", "龙泉", "新塘", "白云", "梅林", "枫树"}

// memoEngine reviews each demo text once: the history uploads a handful
// of texts a hundred times.
type memoEngine struct {
	Engine
	mu      sync.Mutex
	reports map[string]*review.Report
}

func (m *memoEngine) Review(ctx context.Context, in ReviewInput) (*review.Report, error) {
	key := in.Type + "\x00" + in.Province + "\x00" + in.Text
	m.mu.Lock()
	defer m.mu.Unlock()
	if r, ok := m.reports[key]; ok {
		c := *r
		c.Findings = append([]review.Finding(nil), r.Findings...)
		return &c, nil
	}
	r, err := m.Engine.Review(ctx, in)
	if err != nil {
		return nil, err
	}
	m.reports[key] = r
	c := *r
	c.Findings = append([]review.Finding(nil), r.Findings...)
	return &c, nil
}

// demoEvent is one step of the history at its time.
type demoEvent struct {
	at  time.Time
	seq int // creation order: ties keep it
	do  func(ctx context.Context) error
}

// seedHistory writes the demo year. users holds the accounts by user
// name; it returns when everything is signed that is due.
func (s *Service) seedHistory(ctx context.Context, users map[string]*storage.User) error {
	// A year of history signs about a hundred opinions: their PDFs are made
	// when first asked for, not a hundred browsers' work queued at start.
	ctx = context.WithValue(ctx, noPDFAtSignoff{}, true)
	var clock time.Time
	cfg := s.Config
	cfg.Now = func() time.Time { return clock }
	cfg.Engine = &memoEngine{Engine: s.Engine, reports: map[string]*review.Report{}}
	cfg.Precedents = nil // indexed once at the end
	sim := New(cfg)

	today := s.Today()
	start := today.AddDate(-1, 0, 0)
	rng := rand.New(rand.NewPCG(16, 2026)) // deterministic for a given day
	var events []demoEvent
	add := func(at time.Time, do func(ctx context.Context) error) {
		events = append(events, demoEvent{at: at, seq: len(events), do: do})
	}
	workday := func(t time.Time) time.Time {
		for !Holidays.Working(t) {
			t = t.AddDate(0, 0, 1)
		}
		return t
	}
	at := func(day time.Time, minutes int) time.Time {
		return time.Date(day.Year(), day.Month(), day.Day(), 9, 0, 0, 0, time.Local).Add(time.Duration(minutes) * time.Minute)
	}
	total := 0
	for _, d := range historyDrafts {
		total += d.weight
	}
	pick := func() historyDraft {
		n := rng.IntN(total)
		for _, d := range historyDrafts {
			if n < d.weight {
				return d
			}
			n -= d.weight
		}
		return historyDrafts[0]
	}
	for _, o := range demoOffices {
		reviewer := users["suozhang"]
		if r, ok := demoReviewers[o.name]; ok {
			reviewer = users[r[0]]
		}
		for _, t := range o.townships {
			clerk := users[t.clerk]
			for i := 0; i < t.drafts; i++ {
				h := pick()
				village := demoVillages[rng.IntN(len(demoVillages))]
				received := at(workday(start.AddDate(0, 0, 3+rng.IntN(355))), rng.IntN(480))
				// Most drafts come one to four weeks ahead of their
				// meeting; some only days before.
				lead := 7 + rng.IntN(21)
				if rng.IntN(5) == 0 {
					lead = 1 + rng.IntN(6)
				}
				meeting := time.Date(received.Year(), received.Month(), received.Day(), 0, 0, 0, 0, time.Local).AddDate(0, 0, lead)
				d := &demoDoc{s: sim, h: h, clerk: clerk, reviewer: reviewer, rng: rand.New(rand.NewPCG(uint64(len(events)), 7)),
					title: "【演示】" + fmt.Sprintf(h.title, t.name, village), meeting: meeting}
				add(received, func(ctx context.Context) error { return d.upload(ctx, h.file) })
				signed := at(workday(received.AddDate(0, 0, 1+rng.IntN(9))), 60+rng.IntN(420))
				if !signed.Before(today.AddDate(0, 0, -2)) {
					continue // still in the queue
				}
				add(signed, func(ctx context.Context) error { return d.review(ctx, &clock) })
				if rng.IntN(30) == 0 {
					add(signed.Add(26*time.Hour), func(ctx context.Context) error { return d.reopen(ctx, &clock) })
				}
				if h.revised != "" && rng.IntN(2) == 0 {
					again := at(workday(signed.AddDate(0, 0, 3+rng.IntN(10))), rng.IntN(480))
					resigned := at(workday(again.AddDate(0, 0, 1+rng.IntN(5))), 60+rng.IntN(420))
					if resigned.Before(today.AddDate(0, 0, -2)) {
						add(again, func(ctx context.Context) error { return d.revise(ctx) })
						add(resigned, func(ctx context.Context) error { return d.review(ctx, &clock) })
					}
				}
			}
		}
	}
	sort.SliceStable(events, func(i, j int) bool { return events[i].at.Before(events[j].at) })
	for _, e := range events {
		clock = e.at
		if err := e.do(ctx); err != nil {
			return fmt.Errorf("demo history at %s: %w", e.at.Format(time.DateTime), err)
		}
	}
	return nil
}

// demoDoc is one demo draft through its reviews.
type demoDoc struct {
	s               *Service
	h               historyDraft
	clerk, reviewer *storage.User
	rng             *rand.Rand
	title           string
	meeting         time.Time
	docID, reviewID int64
	// ended: the review concluded 不合法 or the document will not come
	// back; returned: 退回补正 (a new version is due).
	conclusion decision.Conclusion
}

func (d *demoDoc) upload(ctx context.Context, file string) error {
	data, err := demoFS.ReadFile("demo/history/" + file)
	if err != nil {
		return err
	}
	up, err := d.s.Upload(ctx, d.clerk, UploadInput{Title: d.title, Type: d.h.typ, FileName: file, File: bytes.NewReader(data),
		MeetingDate: d.meeting.Format(time.DateOnly), Note: "演示数据"})
	if err != nil {
		return err
	}
	d.docID, d.reviewID = up.DocumentID, up.ReviewID
	return nil
}

func (d *demoDoc) revise(ctx context.Context) error {
	data, err := demoFS.ReadFile("demo/history/" + d.h.revised)
	if err != nil {
		return err
	}
	up, err := d.s.AddVersion(ctx, d.clerk, d.docID, UploadInput{Type: d.h.typ, FileName: d.h.revised, File: bytes.NewReader(data), Note: "演示数据：按审查意见修改"})
	if err != nil {
		return err
	}
	d.reviewID = up.ReviewID
	return nil
}

// review decides every finding, sometimes adds the reviewer's own, and
// signs with the conclusion the decisions call for.
func (d *demoDoc) review(ctx context.Context, clock *time.Time) error {
	s, u := d.s, d.reviewer
	fs, err := s.Store.Findings(ctx, d.reviewID)
	if err != nil {
		return err
	}
	errors, accepted := 0, []string{}
	for _, f := range fs {
		act := Decision{Action: ActionAccept}
		switch {
		case f.Severity == review.SeverityError:
		case f.Severity == review.SeverityWarning && d.rng.IntN(5) < 3:
		default:
			act = Decision{Action: ActionDismiss, Reason: "演示数据：经核对，该提示不影响本文件的合法性"}
		}
		if err := s.Decide(ctx, u, d.reviewID, f.ID, act); err != nil {
			return err
		}
		if act.Action == ActionAccept {
			accepted = append(accepted, f.Message)
			if f.Severity == review.SeverityError {
				errors++
			}
		}
	}
	r, err := s.Store.Review(ctx, d.reviewID)
	if err != nil {
		return err
	}
	if n := d.h.note; n != nil && d.rng.IntN(3) == 0 {
		if i := strings.Index(r.Text, n.quote); i >= 0 {
			start := len([]rune(r.Text[:i]))
			if _, err := s.AddFinding(ctx, u, d.reviewID, NewFinding{Start: start, End: start + len([]rune(n.quote)), Item: n.item, Message: n.message}); err != nil {
				return err
			}
			accepted = append(accepted, n.message)
		}
	}
	c := decision.ConclusionLawful
	switch {
	case errors > 0 && d.h.revised != "" && d.rng.IntN(5) < 2:
		c = decision.ConclusionReturned
	case errors > 0 && d.h.revised == "" && d.rng.IntN(4) == 0:
		c = decision.ConclusionUnlawful
	case len(accepted) > 0:
		c = decision.ConclusionAmended
	}
	text := "经审查，未发现违反法律、法规和国家政策的内容。（演示数据）"
	if len(accepted) > 0 {
		var b strings.Builder
		b.WriteString("经审查，提出以下意见：")
		for i, m := range accepted {
			fmt.Fprintf(&b, "\n%d. %s", i+1, m)
		}
		b.WriteString("\n（演示数据）")
		text = b.String()
	}
	*clock = clock.Add(20 * time.Minute)
	if _, err := s.Signoff(ctx, u, d.reviewID, Conclusion{RowVersion: r.RowVersion, Conclusion: c, Opinion: text}); err != nil {
		return err
	}
	d.conclusion = c
	return nil
}

// reopen reopens a signed review and signs it again: its first 文号 stays
// in the register, void.
func (d *demoDoc) reopen(ctx context.Context, clock *time.Time) error {
	s, u := d.s, d.reviewer
	r, err := s.Store.Review(ctx, d.reviewID)
	if err != nil {
		return err
	}
	if doc, err := s.Store.Document(ctx, d.docID); err != nil || r.Status != storage.ReviewSigned || doc.LatestReviewID != r.ID {
		return err // a new version came first: nothing to reopen
	}
	if err := s.Reopen(ctx, u, d.reviewID, r.RowVersion, "演示数据：补充审查意见"); err != nil {
		return err
	}
	if r, err = s.Store.Review(ctx, d.reviewID); err != nil {
		return err
	}
	*clock = clock.Add(2 * time.Hour)
	_, err = s.Signoff(ctx, u, d.reviewID, Conclusion{RowVersion: r.RowVersion, Conclusion: d.conclusion, Opinion: r.Opinion + "\n（重新签发）"})
	return err
}
