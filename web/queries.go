package web

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"lawreview/corpus"
	"lawreview/web/storage"
)

func statusName(s string) string {
	switch s {
	case storage.DocPending:
		return "待审查"
	case storage.DocSigned:
		return "已签发"
	case storage.DocReturned:
		return "退回补正"
	case storage.ReviewOpen:
		return "审查中"
	}
	return s
}

func (s *Server) today() time.Time {
	n := s.now().Local()
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.Local)
}

// daysLeft is the number of days from today until the meeting (negative
// when it is past); ok is false when the date is unknown.
func daysLeft(meeting, today time.Time) (int, bool) {
	if meeting.IsZero() {
		return 0, false
	}
	m := time.Date(meeting.Year(), meeting.Month(), meeting.Day(), 0, 0, 0, 0, time.Local)
	return int(m.Sub(today).Hours() / 24), true
}

// documents lists what the user may see.
func (s *Server) documents(c *gin.Context, u *storage.User) ([]storage.Document, error) {
	f := storage.DocFilter{Limit: 500}
	switch u.Role {
	case storage.RoleClerk:
		if u.TownshipID == 0 {
			return nil, nil
		}
		f.TownshipID = u.TownshipID
	case storage.RoleReviewer:
		if u.OfficeID == 0 {
			return nil, nil
		}
		f.OfficeID = u.OfficeID
	case storage.RoleAdviser:
		f.AdviserID = u.ID
	default:
		return nil, errForbidden
	}
	return s.store.ListDocuments(c.Request.Context(), f)
}

// queue is the reviewer's work: pending drafts of the office's townships by
// meeting date.
func (s *Server) queue(c *gin.Context, u *storage.User) ([]storage.Document, error) {
	if err := requireRole(u, storage.RoleReviewer); err != nil {
		return nil, err
	}
	if u.OfficeID == 0 {
		return nil, nil
	}
	return s.store.ListDocuments(c.Request.Context(), storage.DocFilter{OfficeID: u.OfficeID, Status: []string{storage.DocPending}, OrderByMeeting: true, Limit: 500})
}

// ArticleView is an article in its context for the basis links.
type ArticleView struct {
	Law       string        `json:"law"`
	LawID     string        `json:"law_id"`
	Level     string        `json:"level"`
	Status    string        `json:"status"`
	Published string        `json:"published,omitempty"`
	Label     string        `json:"article"`
	Chapters  []string      `json:"chapters"`
	Text      string        `json:"text"`
	Before    []ArticleText `json:"before"`
	After     []ArticleText `json:"after"`
	Versions  []LawVersion  `json:"versions"`
	// Snapshot is the date of the newest text in the law library: later
	// amendments are not in it.
	Snapshot string `json:"snapshot,omitempty"`
}

// ArticleText is a neighbouring article.
type ArticleText struct {
	Label string `json:"article"`
	Text  string `json:"text"`
}

// LawVersion is one version of the law and what it says at this article.
type LawVersion struct {
	ID        string `json:"id"`
	Published string `json:"published,omitempty"`
	Status    string `json:"status"`
	Shown     bool   `json:"shown"`
	Text      string `json:"text"` // "" when this version lacks the article
}

func (s *Server) article(ctx context.Context, law, label, at string) (*ArticleView, error) {
	if s.cfg.Laws == nil {
		return nil, userErr(http.StatusServiceUnavailable, "法律库未加载")
	}
	law, label = strings.TrimSpace(law), strings.TrimSpace(label)
	if law == "" || label == "" {
		return nil, userErr(http.StatusBadRequest, "请指定法律名称和条文，例如 law=村民委员会组织法&article=第二十七条")
	}
	var when time.Time
	if at != "" {
		t, err := time.Parse("2006-01-02", at)
		if err != nil {
			return nil, userErr(http.StatusBadRequest, "日期格式应为 年-月-日")
		}
		when = t
	}
	l, a, err := s.cfg.Laws.Article(law, label, when)
	if err != nil {
		var nf *corpus.NotFoundError
		var anf *corpus.ArticleNotFoundError
		switch {
		case errors.As(err, &nf), errors.As(err, &anf):
			return nil, &Error{Status: http.StatusNotFound, Msg: err.Error(), Err: err}
		}
		return nil, &Error{Status: http.StatusBadRequest, Msg: err.Error(), Err: err}
	}
	v := &ArticleView{Law: l.Name, LawID: l.ID, Level: l.Level, Status: string(l.Status), Label: a.Label, Chapters: nonNil(a.Chapters), Text: a.Text,
		Before: []ArticleText{}, After: []ArticleText{}, Versions: []LawVersion{}}
	if !l.Published.IsZero() {
		v.Published = l.Published.Format("2006-01-02")
	}
	if sn, ok := s.cfg.Laws.(interface{ Snapshot() time.Time }); ok && !sn.Snapshot().IsZero() {
		v.Snapshot = sn.Snapshot().Format("2006-01-02")
	}
	for i := range l.Articles {
		if &l.Articles[i] != a {
			continue
		}
		for j := max(0, i-2); j < i; j++ {
			v.Before = append(v.Before, ArticleText{Label: l.Articles[j].Label, Text: l.Articles[j].Text})
		}
		for j := i + 1; j < min(len(l.Articles), i+3); j++ {
			v.After = append(v.After, ArticleText{Label: l.Articles[j].Label, Text: l.Articles[j].Text})
		}
	}
	if vs, err := s.cfg.Laws.Versions(l.Name); err == nil {
		for _, o := range vs {
			lv := LawVersion{ID: o.ID, Status: string(o.Status), Shown: o.ID == l.ID}
			if !o.Published.IsZero() {
				lv.Published = o.Published.Format("2006-01-02")
			}
			if oa := o.Article(a.Number, a.Sub); oa != nil {
				lv.Text = oa.Text
			}
			v.Versions = append(v.Versions, lv)
		}
	}
	return v, nil
}

// SearchInput is a law search as the page and the API receive it.
type SearchInput struct {
	Q, Law string
	All    bool // every version, not only those in force
	// Levels: any of these (法律, 地方法规, ... or a comma-separated list).
	Levels []string
	// Province whose local regulations are searched; nil: the user's
	// office's. AllRegions: every province's.
	Province   *string
	AllRegions bool
	From       string
}

// searchInput reads a search from the query string: q, law, all=1,
// level (repeated or comma-separated), province (absent: the office's),
// all_regions=1, from.
func searchInput(c *gin.Context) SearchInput {
	in := SearchInput{Q: c.Query("q"), Law: c.Query("law"), All: c.Query("all") == "1",
		Levels: c.QueryArray("level"), AllRegions: c.Query("all_regions") == "1", From: c.Query("from")}
	if p, ok := c.GetQuery("province"); ok {
		in.Province = &p
	}
	return in
}

func (s *Server) search(ctx context.Context, u *storage.User, in SearchInput) (*SearchResult, error) {
	if u.Role == storage.RoleAdmin {
		return nil, errForbidden
	}
	if s.cfg.Search == nil {
		return nil, userErr(http.StatusServiceUnavailable, "法律检索索引尚未就绪，请稍后再试")
	}
	q := strings.TrimSpace(in.Q)
	if q == "" {
		return nil, userErr(http.StatusBadRequest, "请输入检索词")
	}
	if len([]rune(q)) > 500 {
		return nil, userErr(http.StatusBadRequest, "检索词不超过 500 字")
	}
	off, err := intParam("from", in.From, 0, maxLawFrom, 0)
	if err != nil {
		return nil, err
	}
	province := ""
	if in.Province != nil {
		province = strings.TrimSpace(*in.Province)
	} else {
		p, err := s.userProvince(ctx, u)
		if err != nil {
			return nil, err
		}
		province = p
	}
	var levels []string
	for _, l := range in.Levels {
		for _, f := range strings.FieldsFunc(l, func(r rune) bool { return r == ',' || r == '，' || r == '、' }) {
			if f = strings.TrimSpace(f); f != "" {
				levels = append(levels, f)
			}
		}
	}
	res, err := s.cfg.Search.Search(ctx, SearchQuery{Text: q, Law: strings.TrimSpace(in.Law), AllVersions: in.All, Levels: levels,
		Province: province, AllRegions: in.AllRegions, From: off, Size: 20})
	if err != nil {
		return nil, err
	}
	if res.Hits == nil {
		res.Hits = []SearchHit{}
	}
	return res, nil
}

// userProvince is the province of the user's office (a clerk's through the
// township's office), else the server's default.
func (s *Server) userProvince(ctx context.Context, u *storage.User) (string, error) {
	office := u.OfficeID
	if u.Role == storage.RoleClerk && u.TownshipID != 0 {
		t, err := s.store.Township(ctx, u.TownshipID)
		if err != nil && !errors.Is(err, storage.ErrNotFound) {
			return "", err
		}
		if t != nil {
			office = t.OfficeID
		}
	}
	if office != 0 {
		offices, err := s.store.ListOffices(ctx)
		if err != nil {
			return "", err
		}
		for _, o := range offices {
			if o.ID == office && o.Province != "" {
				return o.Province, nil
			}
		}
	}
	return s.cfg.Province, nil
}

// provinces are the provinces the law index holds regulations of.
func (s *Server) provinces() []string {
	if p, ok := s.cfg.Search.(Provincer); ok {
		return p.Provinces()
	}
	return nil
}
