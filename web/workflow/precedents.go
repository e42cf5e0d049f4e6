package workflow

// Precedents in the workplace: sign-offs feed the precedent index, every
// finding shows the signed decisions most like its clause, legal advisers
// and reviewers search laws and precedents from one box, clerks run a
// self-check before they submit, and administrators import and export
// precedent files.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"lawreview/corpus/extract"
	pindex "lawreview/index/precedent"
	"lawreview/review"
	"lawreview/review/precedent"
	"lawreview/web/storage"
)

// PrecedentURL and ReviewURL are the workplace's pages of a precedent and
// of a review, which precedents shown with findings link to.
func PrecedentURL(id string) string   { return "/precedents/item/" + url.PathEscape(id) }
func ReviewURL(reviewID int64) string { return fmt.Sprintf("/reviews/%d", reviewID) }

func (s *Service) precedentIndex() (*pindex.Index, error) {
	if s.Precedents == nil {
		return nil, errNoPrecIndex
	}
	return s.Precedents, nil
}

// indexSignoff makes a just-signed review's precedents searchable. The
// precedents are already stored (same transaction as the sign-off) and
// their change logged: catching up applies it, with whatever other nodes
// changed before it. If indexing fails the sign-off stands and the index
// catches up at the next tick (FollowPrecedents) or start.
func (s *Service) indexSignoff(ctx context.Context, reviewID int64) {
	if err := s.catchUp(context.WithoutCancel(ctx)); err != nil {
		s.Logger.Error("index precedents of signed review", "review", reviewID, "error", err)
	}
}

// SyncPrecedents brings storage and the precedent index in step at start:
// reviews signed before precedents existed are recorded, the changes made
// while this node was down are applied (CatchUp), and the index is
// rebuilt when it still disagrees with storage.
func SyncPrecedents(ctx context.Context, st storage.Store, ix *pindex.Index) (filled int, rebuilt bool, err error) {
	if filled, err = BackfillPrecedents(ctx, st); err != nil {
		return 0, false, err
	}
	if _, rebuilt, err = CatchUp(ctx, st, ix); err != nil || rebuilt {
		return filled, rebuilt, err
	}
	stamp, err := st.PrecedentStamp(ctx)
	if err != nil {
		return filled, false, err
	}
	rebuilt, err = ix.Sync(ctx, st.EachPrecedent, stamp, stampCount(stamp))
	return filled, rebuilt, err
}

// BackfillPrecedents records the precedents of the reviews signed before
// precedents existed and returns how many reviews it filled.
func BackfillPrecedents(ctx context.Context, st storage.Store) (int, error) {
	ids, err := st.UnrecordedReviews(ctx)
	if err != nil {
		return 0, err
	}
	for _, id := range ids {
		r, err := st.Review(ctx, id)
		if err != nil {
			return 0, err
		}
		d, err := st.Document(ctx, r.DocumentID)
		if err != nil {
			return 0, err
		}
		fs, err := st.Findings(ctx, id)
		if err != nil {
			return 0, err
		}
		sos, err := st.Signoffs(ctx, id)
		if err != nil {
			return 0, err
		}
		var so *storage.Signoff
		for i := range sos {
			if sos[i].Revision == r.Revision {
				so = &sos[i]
			}
		}
		if so == nil {
			return 0, fmt.Errorf("review %d revision %d: signed without a sign-off record", r.ID, r.Revision)
		}
		derived := storage.Derived{Precedents: precedent.FromReview(storage.SignedReview(d, r, so, fs)), From: fs}
		if err := st.RecordPrecedents(ctx, id, r.Revision, derived); err != nil {
			return 0, fmt.Errorf("record precedents of review %d: %w", id, err)
		}
	}
	return len(ids), nil
}

// stampCount reads the number of precedents from a storage stamp "seq/n".
func stampCount(stamp string) int {
	_, n, _ := strings.Cut(stamp, "/")
	c, _ := strconv.Atoi(n)
	return c
}

// PrecedentCounts are the precedents stored and indexed (-1 when the
// index is not open).
func (s *Service) PrecedentCounts(ctx context.Context, u *storage.User) (stored, indexed int, err error) {
	if err := requirePrecedentAdmin(u); err != nil {
		return 0, 0, err
	}
	stamp, _ := s.Store.PrecedentStamp(ctx)
	indexed = -1
	if s.Precedents != nil {
		n, _ := s.Precedents.Count()
		indexed = int(n)
	}
	return stampCount(stamp), indexed, nil
}

// Reindex rebuilds the precedent index from storage and returns how many
// precedents it holds: what an administrator's 重建索引 and `lawreview
// precedent reindex` both do.
func Reindex(ctx context.Context, st storage.Store, ix *pindex.Index) (int, error) {
	stamp, err := st.PrecedentStamp(ctx)
	if err != nil {
		return 0, err
	}
	return ix.Rebuild(ctx, st.EachPrecedent, stamp)
}

// Reindex is the administrator's rebuild of the precedent index.
func (s *Service) Reindex(ctx context.Context, u *storage.User) (int, error) {
	if err := RequireRole(u, storage.RoleAdmin); err != nil {
		return 0, err
	}
	if s.Precedents == nil {
		return 0, fail(Unavailable, "先例检索索引未启用")
	}
	n, err := Reindex(ctx, s.Store, s.Precedents)
	if err != nil {
		return 0, err
	}
	s.Finders.Changed() // a rebuild is what an administrator does when something looks wrong
	s.audit(ctx, u, storage.AuditPrecedentReindex, "precedents", fmt.Sprintf("%d 条", n))
	return n, nil
}

// LoadBank brings storage and the index up to the public bank embedded in
// the binary (pindex.LoadBank): at first use and after an upgrade, or
// whatever version was loaded with force. It returns how many stored
// records changed.
func LoadBank(ctx context.Context, st storage.Store, ix *pindex.Index, b *precedent.PublicBank, force bool) (int, error) {
	return ix.LoadBank(ctx, bankStore{st: st}, b, force)
}

// bankStore gives the store the shape pindex.LoadBank asks for.
type bankStore struct{ st storage.Store }

func (b bankStore) ReplaceBank(ctx context.Context, ps []precedent.Precedent) (int, error) {
	res, err := b.st.ReplaceBank(ctx, ps)
	return res.Added + res.Replaced + res.Removed, err
}

func (b bankStore) PrecedentStamp(ctx context.Context) (string, error) {
	return b.st.PrecedentStamp(ctx)
}

func (b bankStore) EachPrecedent(ctx context.Context, fn func(p *precedent.Precedent) error) error {
	return b.st.EachPrecedent(ctx, fn)
}

// ---- precedents as a user may see them

// seer answers, for one user and request, whether a precedent's review
// may be opened; the answer is cached per document.
type seer struct {
	s     *Service
	u     *storage.User
	cache map[int64]bool
	scope *pindex.Scope
}

func (s *Service) seer(u *storage.User) *seer { return &seer{s: s, u: u, cache: map[int64]bool{}} }

// searchScope is what the index may match in full for this user: the
// townships whose documents the user reads (access.go). It is a subset of
// what canSee shows whole, so a precedent matched on a hidden field is
// always one shown whole; documents seen otherwise (an adviser's, a
// former office's) are matched on what anonymisation leaves.
func (v *seer) searchScope(ctx context.Context) (*pindex.Scope, error) {
	if v.scope != nil {
		return v.scope, nil
	}
	sc := &pindex.Scope{}
	switch v.u.Role {
	case storage.RoleClerk:
		if v.u.TownshipID != 0 && v.u.TownshipName != "" {
			sc.Townships = []string{v.u.TownshipName}
		}
	case storage.RoleReviewer:
		ts, err := v.s.Store.ListTownships(ctx)
		if err != nil {
			return nil, err
		}
		for _, t := range ts {
			if v.u.OfficeID != 0 && t.OfficeID == v.u.OfficeID {
				sc.Townships = append(sc.Townships, t.Name)
			}
		}
	}
	v.scope = sc
	return sc, nil
}

func (v *seer) canSee(ctx context.Context, p *precedent.Precedent) bool {
	if p.Source != precedent.SourceReview || p.DocumentID == 0 || v.u == nil {
		return false
	}
	if ok, done := v.cache[p.DocumentID]; done {
		return ok
	}
	ok := false
	if d, err := v.s.Store.Document(ctx, p.DocumentID); err == nil {
		a, err := v.s.accessTo(ctx, v.u, d)
		ok = err == nil && a.Allows(AccessRead)
	}
	v.cache[p.DocumentID] = ok
	return ok
}

// view returns p as this user may see it: whole, or anonymised.
func (v *seer) view(ctx context.Context, p precedent.Precedent) (precedent.Precedent, bool) {
	if p.Published() {
		return p, false // imported and published cases: nothing to hide, no review to open
	}
	if v.canSee(ctx, &p) {
		return p, true
	}
	return p.Anonymized(), false
}

func (v *seer) ref(ctx context.Context, sc precedent.Scored) review.PrecedentRef {
	return v.refOf(ctx, sc.Precedent, float64(int(sc.Similarity*100+0.5))/100)
}

// refOf is precedent p, similarity sim, as this user may see it shown with
// a finding: a published case with its publisher, address or case number
// and description; one of the office's reviews whole or anonymised.
func (v *seer) refOf(ctx context.Context, orig precedent.Precedent, sim float64) review.PrecedentRef {
	p, open := v.view(ctx, orig)
	r := review.PrecedentRef{ID: p.ID, Clause: p.Clause, Verdict: p.Verdict, Conclusion: p.Conclusion, Date: p.Date, DocType: p.DocType,
		Township: p.Township, Rule: p.Rule, Similarity: sim, Summary: orig.Summary(!open), URL: PrecedentURL(p.ID), Source: p.Source}
	if p.Published() {
		r.Publisher, r.SourceURL, r.Citation, r.Case = p.Publisher, p.URL, p.Citation, p.Case
	}
	if open {
		r.ReviewURL = ReviewURL(orig.ReviewID)
	}
	return r
}

// fromRef is the precedent a finding was made from (rule "precedent"), as
// this user may see it. The finding keeps the reference the engine made
// at upload; it is read again from the index, so that what the user sees
// follows who the user is (a clerk of another township of the office sees
// the clause anonymised, the reviewer the review). A precedent no longer
// indexed (its review reopened and signed otherwise, an entry dropped
// from the bank) is shown as stored, anonymised unless published.
func (v *seer) fromRef(ctx context.Context, ix *pindex.Index, stored *review.PrecedentRef) *review.PrecedentRef {
	if p, err := ix.Get(ctx, stored.ID); err == nil && p != nil {
		r := v.refOf(ctx, *p, stored.Similarity)
		return &r
	}
	r := *stored
	r.ReviewURL = ""
	if r.Source != precedent.SourcePublic && r.Source != precedent.SourceImport {
		r.Clause = precedent.Precedent{Clause: r.Clause}.Anonymized().Clause
		r.Township = ""
	}
	return &r
}

// AttachPrecedents fills Precedents and LikelyLawful of each finding with
// a quote, as the user may see them, and shows the precedent a finding was
// made from as the user may see it. Precedents of the review itself
// (reviewID) are left out: a signed review would otherwise show its own
// decisions. A finding of a grave rule is never marked likely lawful.
func (s *Service) AttachPrecedents(ctx context.Context, u *storage.User, reviewID int64, fs []*review.Finding) {
	for _, f := range fs {
		f.Grave = s.graveFinding(f) // also for findings stored before their rule was marked
	}
	ix := s.Precedents
	if ix == nil {
		return
	}
	v := s.seer(u)
	scope, err := v.searchScope(ctx)
	if err != nil {
		s.Logger.Warn("similar precedents", "error", err)
		return
	}
	for _, f := range fs {
		if strings.TrimSpace(f.Quote) == "" {
			continue
		}
		if f.FromPrecedent != nil {
			f.FromPrecedent = v.fromRef(ctx, ix, f.FromPrecedent)
		}
		rule := f.Rule
		if f.FromPrecedent != nil && f.FromPrecedent.Rule != "" {
			rule = f.FromPrecedent.Rule // judged like the finding it repeats
		}
		shown, lawful, err := ix.SimilarIn(ctx, f.Quote, rule, f.Grave, scope)
		if err != nil {
			s.Logger.Warn("similar precedents", "error", err)
			return
		}
		f.Precedents = nil
		for _, sc := range shown {
			if reviewID != 0 && sc.ReviewID == reviewID {
				continue
			}
			if f.FromPrecedent != nil && sc.ID == f.FromPrecedent.ID {
				continue // shown above the list as the finding's source
			}
			f.Precedents = append(f.Precedents, v.ref(ctx, sc))
		}
		if lawful != nil && (reviewID == 0 || lawful.ReviewID != reviewID) {
			r := v.ref(ctx, *lawful)
			f.LikelyLawful = &r
		}
	}
}

// ShownPrecedent is one precedent as a user may see it: whole when the
// user may read its review, anonymised otherwise.
type ShownPrecedent struct {
	precedent.Precedent
	URL       string
	ReviewURL string // "" when the user may not open the review
	Anonymous bool
	Summary   string
	Score     float64
	Fragments map[string][]string // highlighted fields, masked like the precedent
}

func (v *seer) show(ctx context.Context, p precedent.Precedent, score float64, frags map[string][]string) ShownPrecedent {
	orig := p
	p, open := v.view(ctx, p)
	anon := p.Source == precedent.SourceReview && !open
	// Pages name rules by title, never by id: this engine's title for a
	// rule it has (a precedent drawn from a review carries its checklist
	// item there), else the title the precedent came with.
	if t, ok := v.s.ruleTitle(p.Rule); ok {
		p.RuleTitle = t
	} else if p.Rule != "" && p.RuleTitle == "" {
		p.RuleTitle = v.s.RuleLabel(p.Rule)
	}
	h := ShownPrecedent{Precedent: p, URL: PrecedentURL(p.ID), Anonymous: anon, Summary: orig.Summary(anon), Score: score}
	if open {
		h.ReviewURL = ReviewURL(orig.ReviewID)
	}
	if !anon {
		h.Fragments = frags
	} else if fr := frags["clause"]; len(fr) > 0 {
		// The clause fragment shows only the clause, masked like the clause.
		h.Fragments = map[string][]string{"clause": maskFragments(fr)}
	}
	return h
}

// maskFragments masks long digit runs in highlighted HTML the way
// Anonymized masks the clause (tags and entities hold no digit runs of 6).
func maskFragments(fr []string) []string {
	out := make([]string, len(fr))
	for i, f := range fr {
		out[i] = precedent.Precedent{Clause: f}.Anonymized().Clause
	}
	return out
}

// PrecedentQuery is a search of laws and precedents from one box: what
// the search page and GET /api/v1/precedents accept, and `lawreview
// precedent search`'s filters, by the same names.
type PrecedentQuery struct {
	Text       string `form:"q" json:"q"`
	Tab        string `form:"tab" json:"tab"`         // all, laws, precedents
	Like       string `form:"like" json:"like"`       // precedent id: more like this clause
	LikeText   bool   `form:"similar" json:"similar"` // treat q as a clause: more like this text
	DocType    string `form:"doc_type" json:"doc_type"`
	Township   string `form:"township" json:"township"`
	Rule       string `form:"rule" json:"rule"`
	Verdict    string `form:"verdict" json:"verdict"`
	Conclusion string `form:"conclusion" json:"conclusion"`
	Source     string `form:"source" json:"source"`
	From       string `form:"from" json:"from"`
	To         string `form:"to" json:"to"`
	Level      string `form:"level" json:"level"`   // law level
	Status     string `form:"status" json:"status"` // law status: current, superseded, repealed, all
	Page       int    `form:"page" json:"page"`
}

// PrecedentResults is one page of a search of laws and precedents.
type PrecedentResults struct {
	Query      string
	Total      uint64
	Page       int
	Pages      int
	Hits       []ShownPrecedent
	Facets     map[string][]pindex.FacetTerm
	Laws       *SearchResult
	LawPages   int
	Like       *ShownPrecedent // the precedent "more like this" started from
	LawWarning string
}

// PrecedentPageSize is the number of precedents on a page of results.
const PrecedentPageSize = 10

// MaxPrecedentPage is the last page a search may ask for: issue 14's
// page=922337203685477581 made bleve panic while it held the index's lock.
const MaxPrecedentPage = pindex.MaxOffset/PrecedentPageSize + 1

// SearchPrecedents searches laws and precedents for anyone but the
// administrator, who reads no reviews.
func (s *Service) SearchPrecedents(ctx context.Context, u *storage.User, in PrecedentQuery) (*PrecedentResults, error) {
	if u.Role == storage.RoleAdmin {
		return nil, ErrForbidden
	}
	in.Text = strings.TrimSpace(in.Text)
	if utf8.RuneCountInString(in.Text) > 2000 {
		return nil, fail(Invalid, "检索内容不超过 2000 字")
	}
	switch in.Tab {
	case "", "all", "laws", "precedents":
	default:
		return nil, fail(Invalid, "tab 应为 all、laws 或 precedents")
	}
	if in.Tab == "" {
		in.Tab = "all"
	}
	if in.Page < 0 || in.Page > MaxPrecedentPage {
		return nil, fail(Invalid, fmt.Sprintf("页码应在 1 到 %d 之间；请补充检索词或筛选条件缩小范围", MaxPrecedentPage))
	}
	page := max(in.Page, 1)
	out := &PrecedentResults{Query: in.Text, Page: page}
	v := s.seer(u)
	scope, err := v.searchScope(ctx)
	if err != nil {
		return nil, err
	}

	if in.Tab != "laws" {
		ix, err := s.precedentIndex()
		if err != nil {
			return nil, err
		}
		switch {
		case in.Like != "":
			p, err := ix.Get(ctx, in.Like)
			if err != nil {
				return nil, err
			}
			if p == nil {
				return nil, ErrNotFound
			}
			lj := v.show(ctx, *p, 0, nil)
			out.Like = &lj
			hits, err := ix.MoreLikeThisIn(ctx, p.Clause+" "+p.Sentence, 20, p.ID, scope)
			if err != nil {
				return nil, err
			}
			for _, h := range hits {
				out.Hits = append(out.Hits, v.show(ctx, h.Precedent, h.Score, nil))
			}
			out.Total, out.Pages = uint64(len(out.Hits)), 1
		case in.LikeText && in.Text != "":
			hits, err := ix.MoreLikeThisIn(ctx, in.Text, 20, "", scope)
			if err != nil {
				return nil, err
			}
			for _, h := range hits {
				out.Hits = append(out.Hits, v.show(ctx, h.Precedent, h.Score, nil))
			}
			out.Total, out.Pages = uint64(len(out.Hits)), 1
		default:
			size := PrecedentPageSize
			if in.Tab == "all" {
				page = 1
			}
			res, err := ix.Search(ctx, pindex.Query{Text: in.Text, DocType: in.DocType, Township: in.Township, Rule: in.Rule,
				Verdict: in.Verdict, Conclusion: in.Conclusion, Source: in.Source, From: in.From, To: in.To,
				Offset: (page - 1) * size, Size: size, Facets: true, Scope: scope})
			if err != nil {
				var ie *pindex.InputError
				if errors.As(err, &ie) {
					return nil, &Error{Kind: Invalid, Msg: ie.Msg, Err: err}
				}
				return nil, err
			}
			for _, h := range res.Hits {
				out.Hits = append(out.Hits, v.show(ctx, h.Precedent, h.Score, h.Fragments))
			}
			out.Total = res.Total
			out.Pages = int((res.Total + uint64(size) - 1) / uint64(size))
			out.Facets = res.Facets
		}
	}

	if in.Tab != "precedents" && in.Text != "" && in.Like == "" {
		if s.Search == nil {
			out.LawWarning = "法律检索索引尚未就绪"
		} else {
			size := 20
			lp := page
			if in.Tab == "all" {
				size, lp = 5, 1
			}
			q := SearchQuery{Text: in.Text, From: (lp - 1) * size, Size: size, Level: in.Level, Status: in.Status}
			if in.Status == "all" {
				q.Status, q.AllVersions = "", true
			}
			res, err := s.Search.Search(ctx, q)
			if err != nil {
				we := Explain(err)
				if we.Kind.Fault() {
					return nil, err
				}
				out.LawWarning = we.Msg
			} else {
				out.Laws = res
				out.LawPages = (res.Total + size - 1) / size
			}
		}
	}
	return out, nil
}

// PrecedentView is one precedent as the user may see it, with the
// precedents most like it.
func (s *Service) PrecedentView(ctx context.Context, u *storage.User, id string) (*ShownPrecedent, []ShownPrecedent, error) {
	if u.Role == storage.RoleAdmin {
		return nil, nil, ErrForbidden
	}
	ix, err := s.precedentIndex()
	if err != nil {
		return nil, nil, err
	}
	p, err := ix.Get(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	if p == nil {
		return nil, nil, ErrNotFound
	}
	v := s.seer(u)
	h := v.show(ctx, *p, 0, nil)
	scope, err := v.searchScope(ctx)
	if err != nil {
		return nil, nil, err
	}
	hits, err := ix.MoreLikeThisIn(ctx, p.Clause+" "+p.Sentence, 5, p.ID, scope)
	if err != nil {
		return nil, nil, err
	}
	var like []ShownPrecedent
	for _, x := range hits {
		like = append(like, v.show(ctx, x.Precedent, x.Score, nil))
	}
	return &h, like, nil
}

// ---- self-check: the review of a draft, nothing stored

// SelfCheckInput is a draft to check: a file, or pasted text.
type SelfCheckInput struct {
	Title, Type string
	FileName    string
	File        io.Reader // nil for pasted text
	Text        string
}

// SelfCheck reviews a draft without storing anything: no file, no row,
// no audit entry with the content. The findings carry their precedents.
func (s *Service) SelfCheck(ctx context.Context, u *storage.User, in SelfCheckInput) (*review.Report, error) {
	if err := RequireRole(u, storage.RoleClerk, storage.RoleReviewer, storage.RoleAdviser); err != nil {
		return nil, err
	}
	typ := strings.TrimSpace(in.Type)
	if !validType(typ) {
		return nil, invalidType()
	}
	title, text, name := strings.TrimSpace(in.Title), in.Text, in.FileName
	release, err := s.heavy(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	var paras []extract.Paragraph
	if in.File != nil && name != "" {
		base, err := s.draftName(name)
		if err != nil {
			return nil, err
		}
		data, err := io.ReadAll(io.LimitReader(in.File, s.MaxUpload+1))
		if err != nil {
			return nil, fmt.Errorf("read self-check upload: %w", err)
		}
		if int64(len(data)) > s.MaxUpload {
			return nil, TooLargeFile(s.MaxUpload)
		}
		xd, err := s.extractDraft(base, data)
		if err != nil {
			return nil, err
		}
		text, name, paras = xd.Text, base, xd.Paragraphs
		if title == "" {
			title = strings.TrimSpace(xd.Title)
		}
	} else {
		name = "草稿"
	}
	if strings.TrimSpace(text) == "" {
		return nil, fail(Invalid, "请上传草案文件或粘贴草案正文")
	}
	if int64(len(text)) > s.MaxUpload {
		return nil, TooLargeFile(s.MaxUpload)
	}
	if title == "" {
		title = "（未命名草案）"
	}
	rep, err := s.Engine.Review(ctx, ReviewInput{File: name, Title: title, Text: text, Type: typ, Paragraphs: paras, Precedents: s.reviewFinder(ctx, u)})
	if err != nil {
		return nil, ReviewError(name, err)
	}
	ptrs := make([]*review.Finding, len(rep.Findings))
	for i := range rep.Findings {
		ptrs[i] = &rep.Findings[i]
	}
	s.AttachPrecedents(ctx, u, 0, ptrs)
	if rep.Findings == nil {
		rep.Findings = []review.Finding{}
	}
	return rep, nil
}

// ---- import and export

// MaxImportBytes is the largest precedent file accepted by an import.
const MaxImportBytes = 32 << 20

func requirePrecedentAdmin(u *storage.User) error {
	return RequireRole(u, storage.RoleAdmin, storage.RoleReviewer)
}

// ImportPrecedents stores decoded precedents in one transaction: all or
// nothing (the command line's import).
func ImportPrecedents(ctx context.Context, st storage.Store, ps []precedent.Precedent) (storage.ImportResult, error) {
	if len(ps) == 0 {
		return storage.ImportResult{}, fail(Invalid, "文件中没有先例记录")
	}
	return st.ImportPrecedents(ctx, ps)
}

// ImportPrecedentFile decodes a JSON Lines file of precedents (name is
// shown in the audit log), stores it in one transaction and indexes what
// was stored.
func (s *Service) ImportPrecedentFile(ctx context.Context, u *storage.User, name string, r io.Reader) (*storage.ImportResult, error) {
	if err := requirePrecedentAdmin(u); err != nil {
		return nil, err
	}
	data, err := io.ReadAll(io.LimitReader(r, MaxImportBytes+1))
	if len(data) > MaxImportBytes {
		return nil, TooLargeImport
	}
	if err != nil {
		return nil, fmt.Errorf("read precedent file %s: %w", name, err)
	}
	ps, err := precedent.Decode(bytes.NewReader(data))
	if err != nil {
		var de *precedent.DecodeError
		if errors.As(err, &de) {
			return nil, &Error{Kind: Unprocessable, Msg: de.Error(), Err: err}
		}
		return nil, err
	}
	res, err := ImportPrecedents(ctx, s.Store, ps)
	if err != nil {
		return nil, err
	}
	s.Finders.Changed()
	if err := s.catchUp(context.WithoutCancel(ctx)); err != nil {
		s.Logger.Error("index imported precedents", "error", err)
	}
	s.audit(ctx, u, storage.AuditPrecedentImport, "precedents", fmt.Sprintf("%s：新增 %d 条，更新 %d 条，跳过重复 %d 条", name, res.Added, res.Replaced, res.Skipped))
	return &res, nil
}

// TooLargeImport is the error of a precedent file over MaxImportBytes.
var TooLargeImport = fail(TooLarge, fmt.Sprintf("先例文件过大，最大允许 %d MB；请分成几个文件导入", MaxImportBytes>>20))

// ExportPrecedents is every precedent as JSON Lines, each as this user
// may see it: an administrator reads no reviews and a reviewer only the
// office's, so the others go out anonymised, as on the search page
// (issue 14, defect 5).
func (s *Service) ExportPrecedents(ctx context.Context, u *storage.User) ([]byte, error) {
	if err := requirePrecedentAdmin(u); err != nil {
		return nil, err
	}
	v := s.seer(u)
	var shown []precedent.Precedent
	if err := s.Store.EachPrecedent(ctx, func(p *precedent.Precedent) error {
		if precedent.IsBankID(p.ID) {
			return nil // the public bank ships with every binary: exporting it would only date it
		}
		sp, _ := v.view(ctx, *p)
		shown = append(shown, sp)
		return nil
	}); err != nil {
		return nil, err
	}
	// Storage gives them by date and export id; an anonymised record has
	// another id (its content hash), so sort again: the same records give
	// the same file in any office.
	sort.SliceStable(shown, func(i, j int) bool {
		if shown[i].Date != shown[j].Date {
			return shown[i].Date < shown[j].Date
		}
		return shown[i].ExportID() < shown[j].ExportID()
	})
	// Encode into memory first: an error half-way must not leave the user
	// with a truncated file that looks complete.
	var buf bytes.Buffer
	if err := precedent.Encode(&buf, shown); err != nil {
		return nil, err
	}
	s.audit(ctx, u, storage.AuditPrecedentExport, "precedents", fmt.Sprintf("%d 字节", buf.Len()))
	return buf.Bytes(), nil
}

// RuleStats is how reviewers judged each rule's findings in signed
// reviews, the rules reviewers reject most first: they need attention.
func (s *Service) RuleStats(ctx context.Context, u *storage.User) ([]storage.RuleStat, error) {
	if err := RequireRole(u, storage.RoleReviewer, storage.RoleAdviser, storage.RoleAdmin); err != nil {
		return nil, err
	}
	rs, err := s.Store.RuleStats(ctx)
	if err != nil {
		return nil, err
	}
	key := func(r storage.RuleStat) float64 {
		if r.Decided() == 0 {
			return 2
		}
		return r.AcceptanceRate()
	}
	sort.SliceStable(rs, func(i, j int) bool {
		if ki, kj := key(rs[i]), key(rs[j]); ki != kj {
			return ki < kj
		}
		return rs[i].Rule < rs[j].Rule
	})
	return rs, nil
}
