package sqlstore

import (
	"context"
	"fmt"

	"lawreview/web/storage"
)

// ChangeType writes a reviewer's change of a review's document type and
// the rerun's findings in one transaction (storage.Store.ChangeType).
func (s *Store) ChangeType(ctx context.Context, rt *storage.Retype) (int64, error) {
	ch := &rt.Change
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	notices, err := toJSON(rt.Notices)
	if err != nil {
		return 0, fmt.Errorf("encode notices: %w", err)
	}
	checklist, err := toJSON(rt.Checklist)
	if err != nil {
		return 0, fmt.Errorf("encode checklist: %w", err)
	}
	res, err := tx.ExecContext(ctx, `UPDATE reviews SET doc_type = ?, checklist = ?, notices = ?, likely_type = ?, row_version = row_version + 1, updated_at = ?
		WHERE id = ? AND row_version = ? AND status = 'open' AND doc_type = ?`,
		ch.To, checklist, notices, rt.LikelyType, ts(ch.At), ch.ReviewID, rt.RowVersion, ch.From)
	if err != nil {
		return 0, fmt.Errorf("change review type: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, versionConflict(ctx, tx, ch.ReviewID)
	}
	if err := requireLatest(ctx, tx, ch.ReviewID); err != nil {
		return 0, err
	}
	// The plan was made on the findings as read before the rerun: a
	// decision taken meanwhile would otherwise be lost or misapplied.
	if err := sameFindingsTx(ctx, tx, ch.ReviewID, rt.From); err != nil {
		return 0, err
	}
	var rev int
	var docID int64
	if err := tx.QueryRowContext(ctx, `SELECT revision, document_id FROM reviews WHERE id = ?`, ch.ReviewID).Scan(&rev, &docID); err != nil {
		return 0, err
	}
	ch.Revision = rev
	if _, err := tx.ExecContext(ctx, `UPDATE documents SET doc_type = ?, updated_at = ? WHERE id = ?`, ch.To, ts(ch.At), docID); err != nil {
		return 0, fmt.Errorf("update document type: %w", err)
	}
	for i := range rt.Keep {
		f := &rt.Keep[i]
		basis, related, engine, err := encodeFinding(f)
		if err != nil {
			return 0, err
		}
		res, err := tx.ExecContext(ctx, `UPDATE findings SET rule = ?, item = ?, severity = ?, message = ?, suggestion = ?, replacement = ?, quote = ?,
			start_offset = ?, end_offset = ?, line = ?, basis = ?, related = ?, extra = ? WHERE id = ? AND review_id = ?`,
			f.Rule, f.Item, f.Severity, f.Message, f.Suggestion, f.Replacement, f.Quote, f.Start, f.End, f.Line, basis, related, engine, f.ID, ch.ReviewID)
		if err != nil {
			return 0, fmt.Errorf("update finding %d: %w", f.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return 0, fmt.Errorf("finding %d of review %d: %w", f.ID, ch.ReviewID, storage.ErrConflict)
		}
	}
	for i := range ch.Dropped {
		d, f := &ch.Dropped[i], ch.Dropped[i].Finding
		d.Comments = nil
		rows, err := tx.QueryContext(ctx, `SELECT id FROM comments WHERE finding_id = ? ORDER BY id`, f.ID)
		if err != nil {
			return 0, fmt.Errorf("comments of finding %d: %w", f.ID, err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return 0, err
			}
			d.Comments = append(d.Comments, id)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return 0, err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE comments SET finding_id = NULL WHERE finding_id = ?`, f.ID); err != nil {
			return 0, fmt.Errorf("keep comments of finding %d: %w", f.ID, err)
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM findings WHERE id = ? AND review_id = ?`, f.ID, ch.ReviewID)
		if err != nil {
			return 0, fmt.Errorf("drop finding %d: %w", f.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return 0, fmt.Errorf("finding %d of review %d: %w", f.ID, ch.ReviewID, storage.ErrConflict)
		}
	}
	for i := range rt.Add {
		f := &rt.Add[i]
		f.ReviewID = ch.ReviewID
		id, err := insertFinding(ctx, tx, f)
		if err != nil {
			return 0, err
		}
		f.ID = id
	}
	dropped, err := toJSON(ch.Dropped)
	if err != nil {
		return 0, fmt.Errorf("encode dropped findings: %w", err)
	}
	if err := tx.QueryRowContext(ctx, `INSERT INTO review_type_changes (review_id, revision, from_type, to_type, kept, kept_decided, added, dropped, user_id, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, ch.ReviewID, rev, ch.From, ch.To, ch.Kept, ch.KeptDecided, ch.Added, dropped, ch.UserID, ts(ch.At)).Scan(&ch.ID); err != nil {
		return 0, fmt.Errorf("insert type change: %w", err)
	}
	if err := addEvent(ctx, tx, ch.ReviewID, rev, ch.UserID, "type", rt.Event, ch.At); err != nil {
		return 0, err
	}
	var rv int64
	if err := tx.QueryRowContext(ctx, `SELECT row_version FROM reviews WHERE id = ?`, ch.ReviewID).Scan(&rv); err != nil {
		return 0, err
	}
	return rv, tx.Commit()
}

func (s *Store) TypeChanges(ctx context.Context, reviewID int64) ([]storage.TypeChange, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT c.id, c.review_id, c.revision, c.from_type, c.to_type, c.kept, c.kept_decided, c.added, c.dropped,
		c.user_id, u.display_name, c.created_at FROM review_type_changes c JOIN users u ON u.id = c.user_id WHERE c.review_id = ? ORDER BY c.id DESC`, reviewID)
	if err != nil {
		return nil, fmt.Errorf("list type changes: %w", err)
	}
	defer rows.Close()
	var out []storage.TypeChange
	for rows.Next() {
		var c storage.TypeChange
		var dropped, at string
		if err := rows.Scan(&c.ID, &c.ReviewID, &c.Revision, &c.From, &c.To, &c.Kept, &c.KeptDecided, &c.Added, &dropped,
			&c.UserID, &c.UserName, &at); err != nil {
			return nil, err
		}
		if err := fromJSON(dropped, &c.Dropped); err != nil {
			return nil, fmt.Errorf("dropped findings of type change %d: %w", c.ID, err)
		}
		c.At = parseTS(at)
		out = append(out, c)
	}
	return out, rows.Err()
}
