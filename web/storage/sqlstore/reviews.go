package sqlstore

import (
	"context"
	"fmt"
	"time"

	"lawreview/review"
	"lawreview/review/decision"
	"lawreview/web/storage"
)

// The signer's name is the one recorded at sign-off, not the account's
// current display name.
const reviewCols = `r.id, r.document_id, r.version_id, r.doc_type, r.text, r.checklist, r.detected_type, r.notices, r.likely_type,
	r.status, r.conclusion, r.opinion,
	r.revision, r.row_version, COALESCE(r.signed_by, 0),
	COALESCE(NULLIF((SELECT s.signer_name FROM signoffs s WHERE s.review_id = r.id AND s.revision = r.revision AND r.status = 'signed'), ''), u.display_name, ''),
	r.signed_at, r.signed_sha256, r.created_at, r.updated_at
	FROM reviews r LEFT JOIN users u ON u.id = r.signed_by`

func scanReview(sc interface{ Scan(...any) error }) (storage.Review, error) {
	var r storage.Review
	var sa, c, u, checklist, notices string
	err := sc.Scan(&r.ID, &r.DocumentID, &r.VersionID, &r.Type, &r.Text, &checklist, &r.DetectedType, &notices, &r.LikelyType,
		&r.Status, &r.Conclusion, &r.Opinion,
		&r.Revision, &r.RowVersion, &r.SignedBy, &r.SignerName, &sa, &r.SignedSHA256, &c, &u)
	if err != nil {
		return r, err
	}
	r.SignedAt, r.CreatedAt, r.UpdatedAt = parseTS(sa), parseTS(c), parseTS(u)
	if err := fromJSON(checklist, &r.Checklist); err != nil {
		return r, fmt.Errorf("checklist of review %d: %w", r.ID, err)
	}
	if err := fromJSON(notices, &r.Notices); err != nil {
		return r, fmt.Errorf("notices of review %d: %w", r.ID, err)
	}
	return r, nil
}

func (s *Store) Review(ctx context.Context, id int64) (*storage.Review, error) {
	r, err := scanReview(s.db.QueryRowContext(ctx, `SELECT `+reviewCols+` WHERE r.id = ?`, id))
	if err != nil {
		return nil, notFound(err)
	}
	return &r, nil
}

func (s *Store) ReviewByVersion(ctx context.Context, versionID int64) (*storage.Review, error) {
	r, err := scanReview(s.db.QueryRowContext(ctx, `SELECT `+reviewCols+` WHERE r.version_id = ?`, versionID))
	if err != nil {
		return nil, notFound(err)
	}
	return &r, nil
}

const findingCols = `f.id, f.review_id, f.origin, f.rule, f.item, f.severity, f.message, f.suggestion, f.replacement, f.quote, f.start_offset, f.end_offset,
	f.line, f.basis, f.related, f.extra, f.state, f.reason, f.lawful_precedent, f.edited, COALESCE(f.decided_by, 0), COALESCE(u.display_name, ''), f.decided_at, COALESCE(f.created_by, 0)
	FROM findings f LEFT JOIN users u ON u.id = f.decided_by`

func scanFinding(sc interface{ Scan(...any) error }) (storage.Finding, error) {
	var f storage.Finding
	var at, basis, related, engine string
	err := sc.Scan(&f.ID, &f.ReviewID, &f.Origin, &f.Rule, &f.Item, &f.Severity, &f.Message, &f.Suggestion, &f.Replacement, &f.Quote, &f.Start, &f.End,
		&f.Line, &basis, &related, &engine, &f.State, &f.Reason, &f.LawfulPrecedent, &f.Edited, &f.DecidedBy, &f.DeciderName, &at, &f.CreatedBy)
	if err != nil {
		return f, err
	}
	f.DecidedAt = parseTS(at)
	if err := fromJSON(basis, &f.Basis); err != nil {
		return f, fmt.Errorf("basis of finding %d: %w", f.ID, err)
	}
	if err := fromJSON(related, &f.Related); err != nil {
		return f, fmt.Errorf("related articles of finding %d: %w", f.ID, err)
	}
	if engine != "" {
		f.Engine = new(review.Finding)
		if err := fromJSON(engine, f.Engine); err != nil {
			return f, fmt.Errorf("engine finding %d: %w", f.ID, err)
		}
	}
	return f, nil
}

func (s *Store) Findings(ctx context.Context, reviewID int64) ([]storage.Finding, error) {
	return findingsOf(ctx, s.db, reviewID)
}

func findingsOf(ctx context.Context, q execer, reviewID int64) ([]storage.Finding, error) {
	rows, err := q.QueryContext(ctx, `SELECT `+findingCols+` WHERE f.review_id = ? ORDER BY f.start_offset, f.id`, reviewID)
	if err != nil {
		return nil, fmt.Errorf("list findings: %w", err)
	}
	defer rows.Close()
	var out []storage.Finding
	for rows.Next() {
		f, err := scanFinding(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, rows.Err()
}

func (s *Store) Finding(ctx context.Context, reviewID, findingID int64) (*storage.Finding, error) {
	f, err := scanFinding(s.db.QueryRowContext(ctx, `SELECT `+findingCols+` WHERE f.review_id = ? AND f.id = ?`, reviewID, findingID))
	if err != nil {
		return nil, notFound(err)
	}
	return &f, nil
}

// openRevision returns the revision of an open review inside tx, or
// ErrConflict when it is signed. It locks the review's row: a sign-off on
// another node waits until this change of its findings commits (and then
// sees it, so its SameDecisions check refuses), or, holding the row
// first, makes this one find the review signed.
func openRevision(ctx context.Context, tx *Tx, reviewID int64) (int, error) {
	var status storage.ReviewStatus
	var rev int
	err := tx.QueryRowContext(ctx, `SELECT status, revision FROM reviews WHERE id = ?`+tx.db.d.LockRows(), reviewID).Scan(&status, &rev)
	if err != nil {
		return 0, notFound(err)
	}
	if status != storage.ReviewOpen {
		return 0, storage.ErrConflict
	}
	return rev, nil
}

func addEvent(ctx context.Context, tx *Tx, reviewID int64, rev int, userID int64, action, detail string, at time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO review_events (review_id, revision, user_id, action, detail, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
		reviewID, rev, nullID(userID), action, detail, ts(at))
	if err != nil {
		return fmt.Errorf("insert event: %w", err)
	}
	return nil
}

func (s *Store) DecideFinding(ctx context.Context, reviewID, findingID int64, d storage.FindingDecision, event string) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	rev, err := openRevision(ctx, tx, reviewID)
	if err != nil {
		return err
	}
	f, err := scanFinding(tx.QueryRowContext(ctx, `SELECT `+findingCols+` WHERE f.review_id = ? AND f.id = ?`, reviewID, findingID))
	if err != nil {
		return notFound(err)
	}
	if d.State != "" {
		f.State = d.State
		f.Reason = d.Reason
		f.LawfulPrecedent = d.LawfulPrecedent && d.State == decision.FindingDismissed
	}
	if d.Message != nil && *d.Message != f.Message {
		f.Message, f.Edited = *d.Message, true
	}
	if d.Suggestion != nil && *d.Suggestion != f.Suggestion {
		f.Suggestion, f.Edited = *d.Suggestion, true
	}
	if d.Severity != nil {
		f.Severity = *d.Severity
	}
	if d.Replacement != nil {
		f.Replacement = *d.Replacement
	}
	if _, err := tx.ExecContext(ctx, `UPDATE findings SET state = ?, reason = ?, lawful_precedent = ?, message = ?, suggestion = ?, replacement = ?, severity = ?, edited = ?, decided_by = ?, decided_at = ? WHERE id = ?`,
		f.State, f.Reason, f.LawfulPrecedent, f.Message, f.Suggestion, f.Replacement, f.Severity, f.Edited, nullID(d.UserID), ts(d.At), f.ID); err != nil {
		return fmt.Errorf("update finding: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE reviews SET updated_at = ? WHERE id = ?`, ts(d.At), reviewID); err != nil {
		return fmt.Errorf("touch review: %w", err)
	}
	if err := addEvent(ctx, tx, reviewID, rev, d.UserID, "finding", event, d.At); err != nil {
		return err
	}
	return tx.Commit()
}

func (s *Store) AddFinding(ctx context.Context, f *storage.Finding, event string) (int64, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	rev, err := openRevision(ctx, tx, f.ReviewID)
	if err != nil {
		return 0, err
	}
	id, err := insertFinding(ctx, tx, f)
	if err != nil {
		return 0, err
	}
	if err := addEvent(ctx, tx, f.ReviewID, rev, f.CreatedBy, "finding", event, time.Now()); err != nil {
		return 0, err
	}
	return id, tx.Commit()
}

// versionConflict tells a missing review from a stale row version.
func versionConflict(ctx context.Context, tx *Tx, reviewID int64) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM reviews WHERE id = ?`, reviewID).Scan(&n); err != nil {
		return err
	}
	if n == 0 {
		return storage.ErrNotFound
	}
	return storage.ErrConflict
}

func (s *Store) SaveConclusion(ctx context.Context, reviewID, rowVersion int64, conclusion decision.Conclusion, opinion string, userID int64, at time.Time) (int64, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE reviews SET conclusion = ?, opinion = ?, row_version = row_version + 1, updated_at = ?
		WHERE id = ? AND row_version = ? AND status = 'open'`, conclusion, opinion, ts(at), reviewID, rowVersion)
	if err != nil {
		return 0, fmt.Errorf("save conclusion: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return 0, versionConflict(ctx, tx, reviewID)
	}
	var rev int
	if err := tx.QueryRowContext(ctx, `SELECT revision FROM reviews WHERE id = ?`, reviewID).Scan(&rev); err != nil {
		return 0, err
	}
	if err := addEvent(ctx, tx, reviewID, rev, userID, "conclusion", "结论："+conclusion.Label(), at); err != nil {
		return 0, err
	}
	return rowVersion + 1, tx.Commit()
}

func (s *Store) Signoff(ctx context.Context, reviewID, rowVersion int64, so *storage.Signoff, docStatus storage.DocStatus, d storage.Derived) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE reviews SET status = 'signed', conclusion = ?, opinion = ?, signed_by = ?, signed_at = ?, signed_sha256 = ?,
		row_version = row_version + 1, updated_at = ? WHERE id = ? AND row_version = ? AND status = 'open'`,
		so.Conclusion, so.Opinion, so.UserID, ts(so.SignedAt), so.SHA256, ts(so.SignedAt), reviewID, rowVersion)
	if err != nil {
		return fmt.Errorf("sign off: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return versionConflict(ctx, tx, reviewID)
	}
	if err := requireLatest(ctx, tx, reviewID); err != nil {
		return err
	}
	var rev int
	var docID, officeID int64
	var seq int
	if err := tx.QueryRowContext(ctx, `SELECT r.revision, r.document_id, COALESCE(t.office_id, 0), COALESCE(o.name, ''), t.name, u.display_name,
		COALESCE(o.letterhead_text, ''), COALESCE(o.letterhead_off, FALSE)
		FROM reviews r JOIN documents d ON d.id = r.document_id JOIN townships t ON t.id = d.township_id
		LEFT JOIN offices o ON o.id = t.office_id JOIN users u ON u.id = ? WHERE r.id = ?`, so.UserID, reviewID).
		Scan(&rev, &docID, &officeID, &so.OfficeName, &so.TownshipName, &so.UserName, &so.Letterhead.Text, &so.Letterhead.Off); err != nil {
		return err
	}
	so.ReviewID, so.Revision, so.OfficeID = reviewID, rev, officeID
	if so.Numbering != nil && officeID != 0 {
		year := so.SignedAt.Year()
		// Increment-and-read in one statement of this transaction: the
		// counter's row stays locked until the commit, so concurrent
		// sign-offs (on any node) take turns, never share a number, and a
		// rolled-back one gives its number back.
		if err := tx.QueryRowContext(ctx, `INSERT INTO opinion_counters (office_id, year, last) VALUES (?, ?, 1)
			ON CONFLICT (office_id, year) DO UPDATE SET last = opinion_counters.last + 1 RETURNING last`, officeID, year).Scan(&seq); err != nil {
			return fmt.Errorf("allocate opinion number: %w", err)
		}
		so.Number = so.Numbering.Format(so.OfficeName, year, seq)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO signoffs (review_id, revision, user_id, conclusion, opinion, sha256, signed_at, number,
		signer_name, office_id, office_name, township_name, letterhead_text, letterhead_off, omit_annex) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		reviewID, rev, so.UserID, so.Conclusion, so.Opinion, so.SHA256, ts(so.SignedAt), so.Number,
		so.UserName, nullID(officeID), so.OfficeName, so.TownshipName, so.Letterhead.Text, so.Letterhead.Off, so.OmitAnnex); err != nil {
		return fmt.Errorf("insert signoff: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE documents SET status = ?, updated_at = ? WHERE id = ?`, docStatus, ts(so.SignedAt), docID); err != nil {
		return fmt.Errorf("update document status: %w", err)
	}
	if err := addEvent(ctx, tx, reviewID, rev, so.UserID, "signoff", "签发，结论："+so.Conclusion.Label(), so.SignedAt); err != nil {
		return err
	}
	// What the review teaches is written with its signature (precedents.go),
	// from the findings as they are now.
	if err := sameFindingsTx(ctx, tx, reviewID, d.From); err != nil {
		return err
	}
	if err := writePrecedentsTx(ctx, tx, reviewID, rev, d.Precedents); err != nil {
		return err
	}
	return tx.Commit()
}

func (s *Store) Reopen(ctx context.Context, reviewID, rowVersion int64, userID int64, reason string, at time.Time) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE reviews SET status = 'open', revision = revision + 1, row_version = row_version + 1,
		signed_by = NULL, signed_at = '', signed_sha256 = '', updated_at = ? WHERE id = ? AND row_version = ? AND status = 'signed'`,
		ts(at), reviewID, rowVersion)
	if err != nil {
		return fmt.Errorf("reopen: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return versionConflict(ctx, tx, reviewID)
	}
	if err := requireLatest(ctx, tx, reviewID); err != nil {
		return err
	}
	var rev int
	var docID int64
	if err := tx.QueryRowContext(ctx, `SELECT revision, document_id FROM reviews WHERE id = ?`, reviewID).Scan(&rev, &docID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE documents SET status = ?, updated_at = ? WHERE id = ?`, storage.DocPending, ts(at), docID); err != nil {
		return fmt.Errorf("update document status: %w", err)
	}
	if err := addEvent(ctx, tx, reviewID, rev, userID, "reopen", "重新打开（第"+fmt.Sprint(rev)+"轮）："+reason, at); err != nil {
		return err
	}
	return tx.Commit()
}

// requireLatest fails with ErrSuperseded unless the review is of its
// document's latest version. It runs inside the write transaction and
// first locks the document's row, which an upload of a new version
// updates first: that upload either committed before (and is seen) or
// waits for this transaction (and then makes the document pending again).
func requireLatest(ctx context.Context, tx *Tx, reviewID int64) error {
	var docID int64
	if err := tx.QueryRowContext(ctx, `SELECT document_id FROM reviews WHERE id = ?`, reviewID).Scan(&docID); err != nil {
		return notFound(err)
	}
	if err := tx.QueryRowContext(ctx, `SELECT id FROM documents WHERE id = ?`+tx.db.d.LockRows(), docID).Scan(&docID); err != nil {
		return notFound(err)
	}
	var latest int64
	err := tx.QueryRowContext(ctx, `SELECT r2.id FROM reviews r JOIN versions v2 ON v2.document_id = r.document_id
		JOIN reviews r2 ON r2.version_id = v2.id WHERE r.id = ? ORDER BY v2.number DESC LIMIT 1`, reviewID).Scan(&latest)
	if err != nil {
		return notFound(err)
	}
	if latest != reviewID {
		return storage.ErrSuperseded
	}
	return nil
}

func (s *Store) Signoffs(ctx context.Context, reviewID int64) ([]storage.Signoff, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT s.id, s.review_id, s.revision, s.user_id, COALESCE(NULLIF(s.signer_name, ''), u.display_name),
		COALESCE(s.office_id, 0), s.office_name, s.township_name, s.conclusion, s.opinion, s.sha256, s.signed_at, s.number,
		s.letterhead_text, s.letterhead_off, s.omit_annex
		FROM signoffs s JOIN users u ON u.id = s.user_id WHERE s.review_id = ? ORDER BY s.revision`, reviewID)
	if err != nil {
		return nil, fmt.Errorf("list signoffs: %w", err)
	}
	defer rows.Close()
	var out []storage.Signoff
	for rows.Next() {
		var so storage.Signoff
		var at string
		if err := rows.Scan(&so.ID, &so.ReviewID, &so.Revision, &so.UserID, &so.UserName, &so.OfficeID, &so.OfficeName, &so.TownshipName,
			&so.Conclusion, &so.Opinion, &so.SHA256, &at, &so.Number, &so.Letterhead.Text, &so.Letterhead.Off, &so.OmitAnnex); err != nil {
			return nil, err
		}
		so.SignedAt = parseTS(at)
		out = append(out, so)
	}
	return out, rows.Err()
}

func (s *Store) AddSignedFile(ctx context.Context, f *storage.SignedFile, commit func() error) (*storage.SignedFile, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM signoffs WHERE review_id = ? AND revision = ?`, f.ReviewID, f.Revision).Scan(&n); err != nil {
		return nil, fmt.Errorf("find signoff: %w", err)
	}
	if n == 0 {
		return nil, storage.ErrNotFound // only what was signed is kept
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO signed_files (review_id, revision, kind, sha256, size, created_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT (review_id, revision, kind) DO NOTHING`, f.ReviewID, f.Revision, f.Kind, f.SHA256, f.Size, ts(f.CreatedAt))
	if err != nil {
		return nil, fmt.Errorf("keep signed file: %w", err)
	}
	if added, _ := res.RowsAffected(); added == 0 {
		var kept storage.SignedFile
		var at string
		if err := tx.QueryRowContext(ctx, `SELECT review_id, revision, kind, sha256, size, created_at FROM signed_files
			WHERE review_id = ? AND revision = ? AND kind = ?`, f.ReviewID, f.Revision, f.Kind).
			Scan(&kept.ReviewID, &kept.Revision, &kept.Kind, &kept.SHA256, &kept.Size, &at); err != nil {
			return nil, fmt.Errorf("read kept signed file: %w", err)
		}
		kept.CreatedAt = parseTS(at)
		return &kept, nil
	}
	if commit != nil {
		if err := commit(); err != nil {
			return nil, err
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("commit signed file: %w", err)
	}
	return f, nil
}

func (s *Store) SignedFiles(ctx context.Context, reviewID int64) ([]storage.SignedFile, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT review_id, revision, kind, sha256, size, created_at FROM signed_files
		WHERE review_id = ? ORDER BY revision, kind`, reviewID)
	if err != nil {
		return nil, fmt.Errorf("list signed files: %w", err)
	}
	defer rows.Close()
	var out []storage.SignedFile
	for rows.Next() {
		var f storage.SignedFile
		var at string
		if err := rows.Scan(&f.ReviewID, &f.Revision, &f.Kind, &f.SHA256, &f.Size, &at); err != nil {
			return nil, err
		}
		f.CreatedAt = parseTS(at)
		out = append(out, f)
	}
	return out, rows.Err()
}

func (s *Store) OfficeSigned(ctx context.Context, docID, officeID int64) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM signoffs s JOIN reviews r ON r.id = s.review_id
		WHERE r.document_id = ? AND s.office_id = ?`, docID, officeID).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("signed by office: %w", err)
	}
	return n > 0, nil
}

func (s *Store) Events(ctx context.Context, reviewID int64) ([]storage.Event, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT e.id, e.review_id, e.revision, COALESCE(e.user_id, 0), COALESCE(u.display_name, ''), e.action, e.detail, e.created_at
		FROM review_events e LEFT JOIN users u ON u.id = e.user_id WHERE e.review_id = ? ORDER BY e.id`, reviewID)
	if err != nil {
		return nil, fmt.Errorf("list events: %w", err)
	}
	defer rows.Close()
	var out []storage.Event
	for rows.Next() {
		var e storage.Event
		var at string
		if err := rows.Scan(&e.ID, &e.ReviewID, &e.Revision, &e.UserID, &e.UserName, &e.Action, &e.Detail, &at); err != nil {
			return nil, err
		}
		e.CreatedAt = parseTS(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// ---- comments and advisers

func (s *Store) AddComment(ctx context.Context, c *storage.Comment) (int64, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var rev int
	if err := tx.QueryRowContext(ctx, `SELECT revision FROM reviews WHERE id = ?`, c.ReviewID).Scan(&rev); err != nil {
		return 0, notFound(err)
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `INSERT INTO comments (review_id, finding_id, user_id, body, created_at) VALUES (?, ?, ?, ?, ?) RETURNING id`,
		c.ReviewID, nullID(c.FindingID), c.UserID, c.Body, ts(c.CreatedAt)).Scan(&id); err != nil {
		return 0, fmt.Errorf("insert comment: %w", err)
	}
	if err := addEvent(ctx, tx, c.ReviewID, rev, c.UserID, "comment", c.Body, c.CreatedAt); err != nil {
		return 0, err
	}
	return id, tx.Commit()
}

func (s *Store) Comments(ctx context.Context, reviewID int64) ([]storage.Comment, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT c.id, c.review_id, COALESCE(c.finding_id, 0), c.user_id, u.display_name, u.role, c.body, c.created_at
		FROM comments c JOIN users u ON u.id = c.user_id WHERE c.review_id = ? ORDER BY c.id`, reviewID)
	if err != nil {
		return nil, fmt.Errorf("list comments: %w", err)
	}
	defer rows.Close()
	var out []storage.Comment
	for rows.Next() {
		var c storage.Comment
		var at string
		if err := rows.Scan(&c.ID, &c.ReviewID, &c.FindingID, &c.UserID, &c.AuthorName, &c.AuthorRole, &c.Body, &at); err != nil {
			return nil, err
		}
		c.CreatedAt = parseTS(at)
		out = append(out, c)
	}
	return out, rows.Err()
}

func (s *Store) AssignAdviser(ctx context.Context, docID, userID int64) error {
	_, err := s.db.ExecContext(ctx, `INSERT INTO document_advisers (document_id, user_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, docID, userID)
	if err != nil {
		return fmt.Errorf("assign adviser: %w", err)
	}
	return nil
}

func (s *Store) UnassignAdviser(ctx context.Context, docID, userID int64) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM document_advisers WHERE document_id = ? AND user_id = ?`, docID, userID)
	return err
}

func (s *Store) Advisers(ctx context.Context, docID int64) ([]storage.User, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+userCols+` WHERE u.id IN (SELECT user_id FROM document_advisers WHERE document_id = ?) ORDER BY u.id`, docID)
	if err != nil {
		return nil, fmt.Errorf("list advisers: %w", err)
	}
	defer rows.Close()
	var out []storage.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

func (s *Store) IsAdviserOf(ctx context.Context, docID, userID int64) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM document_advisers WHERE document_id = ? AND user_id = ?`, docID, userID).Scan(&n)
	return n > 0, err
}

// ---- audit

func (s *Store) Audit(ctx context.Context, e *storage.AuditEntry) error {
	if e.At.IsZero() {
		e.At = time.Now()
	}
	_, err := s.db.ExecContext(ctx, `INSERT INTO audit_log (at, user_id, username, action, target, detail, ip, request_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		ts(e.At), nullID(e.UserID), e.Username, e.Action, e.Target, e.Detail, e.IP, e.RequestID)
	if err != nil {
		return fmt.Errorf("write audit log: %w", err)
	}
	return nil
}

func (s *Store) AuditLog(ctx context.Context, limit, offset int) ([]storage.AuditEntry, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, at, COALESCE(user_id, 0), username, action, target, detail, ip, request_id FROM audit_log ORDER BY id DESC LIMIT ? OFFSET ?`, limit, offset)
	if err != nil {
		return nil, fmt.Errorf("read audit log: %w", err)
	}
	defer rows.Close()
	var out []storage.AuditEntry
	for rows.Next() {
		var e storage.AuditEntry
		var at string
		if err := rows.Scan(&e.ID, &at, &e.UserID, &e.Username, &e.Action, &e.Target, &e.Detail, &e.IP, &e.RequestID); err != nil {
			return nil, err
		}
		e.At = parseTS(at)
		out = append(out, e)
	}
	return out, rows.Err()
}
