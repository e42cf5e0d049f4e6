package workflow

// Findings from precedents in the workplace. Every review asks, for each
// sentence no rule flags, whether it repeats a clause judged unlawful
// (review.PrecedentFinder). What it is compared with depends on who
// reviews: the public bank and the imported cases, which every office
// shares, and the precedents of the reviewing office's own signed reviews,
// which are the office's alone. A clause a reviewer of 城关司法所 added by
// hand and signed finds the same wording in the next draft of any township
// of 城关司法所, never in a draft of 南河司法所: another office has not
// judged it, its reviewers may not read the review it comes from, and a
// finding there would put one office's judgment, unreviewed, into another
// office's opinions (docs/precedents.md).

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"lawreview/corpus"
	"lawreview/review"
	"lawreview/review/precedent"
	"lawreview/web/storage"
)

// PrecedentFinders keeps one precedent.Finder per office, built from
// storage when first asked for and dropped whenever precedents change
// (Changed): after a sign-off, an import, a bank upgrade, a rebuild. A
// finder is cheap to build (tens of milliseconds for the bank) and safe
// for concurrent use, so reviews share it until it is dropped.
type PrecedentFinders struct {
	store storage.Store
	// opt's bigram weights are learnt from its Background when the first
	// finder is built, once: every office's finder, and every finder
	// built again after a sign-off, shares them.
	learn sync.Once
	opt   precedent.FinderOptions

	mu      sync.Mutex
	gen     uint64 // bumped by Changed: a finder built from older data is not kept
	offices map[int64]*precedent.Finder
}

// FinderOptions are the options of every precedent finder, the
// workplace's and the command line's: bigram weights from the embedded
// corpus, not an imported one, so that the same draft gets the same
// findings in every office; the rules' concepts, so that a clause judged
// unlawful is found again in other words (本县 or 我区, 迁出 or 迁离;
// docs/eval.md, round 11); grave is the rules' grave flag
// (review.Engine.Grave).
func FinderOptions(grave func(rule string) bool) (precedent.FinderOptions, error) {
	laws, err := corpus.Default()
	if err != nil {
		return precedent.FinderOptions{}, err
	}
	concepts, err := review.PrecedentConcepts()
	if err != nil {
		return precedent.FinderOptions{}, err
	}
	return precedent.FinderOptions{Background: review.ArticleTexts(laws), Concepts: concepts, Grave: grave}, nil
}

// NewPrecedentFinders makes the finders over st. opt's Background (the
// law articles the bigram weights are learnt from, once, for all of them)
// and Grave (the rules' grave flags) are the ones every finder uses.
func NewPrecedentFinders(st storage.Store, opt precedent.FinderOptions) *PrecedentFinders {
	return &PrecedentFinders{store: st, opt: opt, offices: map[int64]*precedent.Finder{}}
}

// For returns the finder of an office: the public and imported precedents
// and the office's own (officeID 0: a user of no office, such as a legal
// adviser, gets the shared ones only).
func (f *PrecedentFinders) For(ctx context.Context, officeID int64) (*precedent.Finder, error) {
	x, gen := f.cached(officeID)
	if x != nil {
		return x, nil
	}
	var ps []precedent.Precedent
	err := f.store.EachPrecedent(ctx, func(p *precedent.Precedent) error {
		if officeOwns(p, officeID) {
			ps = append(ps, *p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read precedents for office %d: %w", officeID, err)
	}
	f.learn.Do(func() {
		if f.opt.Weights == nil && f.opt.Background != nil {
			f.opt.Weights, f.opt.Background = precedent.LearnWeights(f.opt.Background, f.opt.Concepts), nil
		}
	})
	x = precedent.NewFinder(ps, f.opt)
	f.keep(officeID, gen, x)
	return x, nil
}

// cached is the office's finder when one is kept, and the generation a
// finder built now would be built from.
func (f *PrecedentFinders) cached(officeID int64) (*precedent.Finder, uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.offices[officeID], f.gen
}

// keep stores a finder built from generation gen, unless precedents
// changed while it was built: the next review builds it again.
func (f *PrecedentFinders) keep(officeID int64, gen uint64, x *precedent.Finder) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.gen == gen {
		f.offices[officeID] = x
	}
}

// officeOwns reports whether an office reviews with precedent p: every
// published or imported one, and the office's own signed decisions.
func officeOwns(p *precedent.Precedent, officeID int64) bool {
	if p.Published() {
		return true
	}
	return officeID != 0 && p.Source == precedent.SourceReview && p.OfficeID == officeID
}

// Changed drops every finder built so far: the next review of each office
// builds its finder from storage as it is now.
func (f *PrecedentFinders) Changed() {
	if f == nil {
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.gen++
	clear(f.offices)
}

// userOffice is the office whose precedents a user's reviews use, and
// whose province their law searches read: a clerk's township's office, a
// reviewer's office, none for the others.
func (s *Service) userOffice(ctx context.Context, u *storage.User) (int64, error) {
	office := u.OfficeID
	if u.Role == storage.RoleClerk && u.TownshipID != 0 {
		t, err := s.Store.Township(ctx, u.TownshipID)
		if err != nil && !errors.Is(err, storage.ErrNotFound) {
			return 0, err
		}
		if t != nil {
			office = t.OfficeID
		}
	}
	return office, nil
}

// reviewFinder is the finder of the office a user reviews for, or nil
// when the workplace finds nothing from precedents (an untyped nil, so
// that the engine sees none). A failure to build it is logged and the
// review goes on by the rules alone: a draft must not be refused because
// the precedents could not be read.
func (s *Service) reviewFinder(ctx context.Context, u *storage.User) review.PrecedentFinder {
	if s.Finders == nil {
		return nil
	}
	office, err := s.userOffice(ctx, u)
	if err == nil {
		var x *precedent.Finder
		if x, err = s.Finders.For(ctx, office); err == nil {
			return x
		}
	}
	s.Logger.Error("precedent finder", "error", err)
	return nil
}

// graveFinding reports whether a finding concerns a grave rule, by the
// flag the engine set when it reviewed the draft or by the rules as they
// are now (a rule marked grave later protects findings stored before).
func (s *Service) graveFinding(f *review.Finding) bool {
	return f.Grave || s.Engine.GraveFinding(f)
}

// errGraveLawful is the refusal of "作为合法先例" for a finding that cannot
// teach it: one of a grave rule, or one about the document as a whole.
func errGraveLawful(noQuote bool) error {
	if noQuote {
		return fail(Invalid, "该意见针对全文而非某一条款，不能作为合法先例；请只填写不采纳理由")
	}
	return fail(Invalid, "该意见涉及人身自由、人格尊严、住宅、通信、婚姻生育、土地和集体权益等严重事项，"+
		"不采纳不能作为合法先例，以后同类条款仍会被提示；请只填写不采纳理由")
}

// decidedReview is what review/precedent derives a signed review's
// precedents from, with the findings of grave rules marked.
func (s *Service) decidedReview(d *storage.Document, r *storage.Review, so *storage.Signoff, fs []storage.Finding) precedent.SignedReview {
	sr := storage.SignedReview(d, r, so, fs)
	for i := range sr.Findings {
		rf := fs[i].Report()
		sr.Findings[i].Grave = s.graveFinding(&rf)
	}
	return sr
}
