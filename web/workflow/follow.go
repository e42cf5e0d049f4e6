package workflow

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	pindex "lawreview/index/precedent"
	"lawreview/review/precedent"
	"lawreview/web/storage"
)

// Every server node keeps a precedent index of its own (bleve, in its data
// directory) while the precedents live in the one database the nodes
// share. The store numbers every change of precedents and logs it
// (storage.PrecedentChange); each node applies, in order, the changes
// after the one its index last took, every few seconds and right after
// a change of its own. A precedent signed on one node is thus found on
// the others within the polling interval. Polling a table rather than
// LISTEN/NOTIFY keeps one mechanism for SQLite and PostgreSQL, needs no
// connection held open per node, and loses nothing when a node was down:
// it resumes from its index's stamp.

// FollowEvery is how often a server node looks for changes of precedents
// other nodes made.
const FollowEvery = 2 * time.Second

// changesPerRead bounds the changes read at once.
const changesPerRead = 500

// CatchUp brings the precedent index up to the store: it applies the
// changes logged after the index's stamp, in order, and records the
// store's stamp in the index. When the log no longer holds the change
// after the index's (a node stopped for long), or the index is ahead of
// the store (a database restored from a backup), it rebuilds the index
// instead. It returns how many changes it applied and whether it rebuilt.
func CatchUp(ctx context.Context, st storage.Store, ix *pindex.Index) (applied int, rebuilt bool, err error) {
	stamp, err := st.PrecedentStamp(ctx)
	if err != nil {
		return 0, false, err
	}
	have := ix.Stamp()
	if have == stamp {
		return 0, false, nil
	}
	target, _, ok := parseStamp(stamp)
	if !ok {
		return 0, false, fmt.Errorf("precedent stamp %q of the store", stamp)
	}
	at, _, ok := parseStamp(have)
	rebuild := func() (int, bool, error) {
		_, err := ix.Rebuild(ctx, st.EachPrecedent, stamp)
		return applied, err == nil, err
	}
	if !ok || at > target {
		return rebuild()
	}
	for at < target {
		cs, err := st.PrecedentChanges(ctx, at, changesPerRead)
		if err != nil {
			return applied, false, err
		}
		if len(cs) == 0 || cs[0].Seq != at+1 {
			return rebuild()
		}
		for _, c := range cs {
			if c.Seq > target {
				break
			}
			if c.Seq != at+1 {
				return rebuild()
			}
			if err := applyChange(ctx, st, ix, c); err != nil {
				return applied, false, err
			}
			at, applied = c.Seq, applied+1
		}
	}
	return applied, false, ix.SetStamp(stamp)
}

// applyChange indexes one change as the store holds it now (perhaps
// already changed again: applying a later state early is harmless, the
// later change applies it once more).
func applyChange(ctx context.Context, st storage.Store, ix *pindex.Index, c storage.PrecedentChange) error {
	if c.ReviewID != 0 {
		ps, err := st.ReviewPrecedents(ctx, c.ReviewID)
		if err != nil {
			return fmt.Errorf("precedents of review %d: %w", c.ReviewID, err)
		}
		return ix.SetReview(ctx, c.ReviewID, ps)
	}
	var ps []precedent.Precedent
	var gone []string
	for _, id := range c.IDs {
		p, err := st.Precedent(ctx, id)
		if errors.Is(err, storage.ErrNotFound) {
			gone = append(gone, id) // deleted (an entry a newer public bank dropped)
			continue
		}
		if err != nil {
			return fmt.Errorf("precedent %s: %w", id, err)
		}
		ps = append(ps, *p)
	}
	if len(gone) > 0 {
		if err := ix.Remove(gone...); err != nil {
			return err
		}
	}
	if len(ps) == 0 {
		return nil
	}
	return ix.Add(ps...)
}

// parseStamp reads a store's stamp "seq/n".
func parseStamp(s string) (seq int64, n int, ok bool) {
	a, b, found := strings.Cut(s, "/")
	if !found {
		return 0, 0, false
	}
	seq, err1 := strconv.ParseInt(a, 10, 64)
	n, err2 := strconv.Atoi(b)
	return seq, n, err1 == nil && err2 == nil
}

// catchUp is CatchUp on the service's index, one at a time.
func (s *Service) catchUp(ctx context.Context) error {
	if s.Precedents == nil {
		return nil
	}
	s.follow.Lock()
	defer s.follow.Unlock()
	applied, rebuilt, err := CatchUp(ctx, s.Store, s.Precedents)
	if rebuilt || applied > 0 {
		// Precedents signed or imported on another node teach this node's
		// reviews too: its finders are built again from the store.
		s.Finders.Changed()
	}
	if rebuilt {
		s.Logger.Info("precedent index rebuilt: the change log no longer reaches back to it")
	} else if applied > 0 {
		s.Logger.Debug("precedent changes applied", "changes", applied)
	}
	return err
}

// FollowPrecedents applies, every interval until ctx ends, the changes of
// precedents made by other nodes (and by `lawreview precedent import`
// while the server runs). A failure (the database briefly unreachable)
// is logged once and retried at the next tick.
func (s *Service) FollowPrecedents(ctx context.Context, every time.Duration) {
	if s.Precedents == nil {
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	failing := false
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		err := s.catchUp(ctx)
		switch {
		case err != nil && ctx.Err() == nil && !failing:
			s.Logger.Error("follow precedent changes", "error", err)
			failing = true
		case err == nil && failing:
			s.Logger.Info("following precedent changes again")
			failing = false
		}
	}
}
