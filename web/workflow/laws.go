package workflow

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"lawreview/corpus"
	"lawreview/index"
	"lawreview/web/storage"
)

// ArticleView is an article in its context for the basis links.
type ArticleView struct {
	Law       string        `json:"law"`
	LawID     string        `json:"law_id"`
	Level     string        `json:"level"`
	Status    corpus.Status `json:"status"`
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
	ID        string        `json:"id"`
	Published string        `json:"published,omitempty"`
	Status    corpus.Status `json:"status"`
	Shown     bool          `json:"shown"`
	Text      string        `json:"text"` // "" when this version lacks the article
}

// Article is one article of a law in force at (an ISO date, "" for now),
// with its neighbours and what every version of the law says there.
func (s *Service) Article(ctx context.Context, law, label, at string) (*ArticleView, error) {
	if s.Laws == nil {
		return nil, fail(Unavailable, "法律库未加载")
	}
	law, label = strings.TrimSpace(law), strings.TrimSpace(label)
	if law == "" || label == "" {
		return nil, fail(Invalid, "请指定法律名称和条文，例如 law=村民委员会组织法&article=第二十七条")
	}
	var when time.Time
	if at != "" {
		t, err := time.Parse("2006-01-02", at)
		if err != nil {
			return nil, fail(Invalid, "日期格式应为 年-月-日")
		}
		when = t
	}
	l, a, err := s.Laws.Article(law, label, when)
	if err != nil {
		var nf *corpus.NotFoundError
		var anf *corpus.ArticleNotFoundError
		switch {
		case errors.As(err, &nf), errors.As(err, &anf):
			return nil, &Error{Kind: NotFound, Msg: err.Error(), Err: err}
		}
		return nil, &Error{Kind: Invalid, Msg: err.Error(), Err: err}
	}
	v := &ArticleView{Law: l.Name, LawID: l.ID, Level: l.Level, Status: l.Status, Label: a.Label, Chapters: a.Chapters, Text: a.Text,
		Before: []ArticleText{}, After: []ArticleText{}, Versions: []LawVersion{}}
	if v.Chapters == nil {
		v.Chapters = []string{}
	}
	if !l.Published.IsZero() {
		v.Published = l.Published.Format("2006-01-02")
	}
	if sn, ok := s.Laws.(interface{ Snapshot() time.Time }); ok && !sn.Snapshot().IsZero() {
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
	if vs, err := s.Laws.Versions(l.Name); err == nil {
		for _, o := range vs {
			lv := LawVersion{ID: o.ID, Status: o.Status, Shown: o.ID == l.ID}
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

// MaxLawFrom bounds the offset of a law search (index.MaxFrom).
const MaxLawFrom = index.MaxFrom

// LawSearch is a law search as the page and the API receive it.
type LawSearch struct {
	Q, Law string
	All    bool // every version, not only those in force
	// Levels: any of these (法律, 地方法规, ... or a comma-separated list).
	Levels []string
	// Province whose local regulations are searched; nil: the user's
	// office's. AllRegions: every province's.
	Province   *string
	AllRegions bool
	From       string // offset of the first hit, as sent
}

// SearchLevels are the levels the search form offers.
var SearchLevels = []string{"宪法", "法律", "行政法规", "司法解释", "部门规章", "地方性法规"}

// SearchLaws is full-text search over the laws for anyone but the
// administrator.
func (s *Service) SearchLaws(ctx context.Context, u *storage.User, in LawSearch) (*SearchResult, error) {
	if u.Role == storage.RoleAdmin {
		return nil, ErrForbidden
	}
	if s.Search == nil {
		return nil, fail(Unavailable, "法律检索索引尚未就绪，请稍后再试")
	}
	q := strings.TrimSpace(in.Q)
	if q == "" {
		return nil, fail(Invalid, "请输入检索词")
	}
	if len([]rune(q)) > 500 {
		return nil, fail(Invalid, "检索词不超过 500 字")
	}
	off, err := IntParam("from", in.From, 0, MaxLawFrom, 0)
	if err != nil {
		return nil, err
	}
	province := ""
	if in.Province != nil {
		province = strings.TrimSpace(*in.Province)
	} else {
		p, err := s.UserProvince(ctx, u)
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
	res, err := s.Search.Search(ctx, SearchQuery{Text: q, Law: strings.TrimSpace(in.Law), AllVersions: in.All, Levels: levels,
		Province: province, AllRegions: in.AllRegions, From: off, Size: 20})
	if err != nil {
		return nil, err
	}
	if res.Hits == nil {
		res.Hits = []SearchHit{}
	}
	return res, nil
}

// UserProvince is the province of the user's office (a clerk's through the
// township's office), else the server's default.
func (s *Service) UserProvince(ctx context.Context, u *storage.User) (string, error) {
	if u != nil && u.ProvinceRead {
		// read with the user (storage.User.Province): no reads here
		if u.Province != "" {
			return u.Province, nil
		}
		return s.Province, nil
	}
	office, err := s.userOffice(ctx, u) // finders.go
	if err != nil {
		return "", err
	}
	if office != 0 {
		offices, err := s.Store.ListOffices(ctx)
		if err != nil {
			return "", err
		}
		for _, o := range offices {
			if o.ID == office && o.Province != "" {
				return o.Province, nil
			}
		}
	}
	return s.Province, nil
}

// Provinces are the provinces the law index holds regulations of.
func (s *Service) Provinces() []string {
	if p, ok := s.Search.(Provincer); ok {
		return p.Provinces()
	}
	return nil
}

// IntParam parses an integer parameter within [lo, hi]; "" gives def.
// Integer parameters are bounded where they are parsed, so that no value a
// client sends can overflow an offset computed from it (page × size) or
// reach an index as an allocation size (issue 14).
func IntParam(name, s string, lo, hi, def int) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		return 0, fail(Invalid, fmt.Sprintf("参数 %s 应为 %d 到 %d 之间的整数", name, lo, hi))
	}
	return n, nil
}
