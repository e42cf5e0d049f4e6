-- Schema of the web workplace. Plain SQL that PostgreSQL also accepts,
-- apart from INTEGER PRIMARY KEY (BIGSERIAL/IDENTITY there).
-- Times are RFC 3339 strings in UTC; dates are YYYY-MM-DD.

CREATE TABLE offices (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL
);

CREATE TABLE townships (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    office_id INTEGER REFERENCES offices(id),
    created_at TEXT NOT NULL
);

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('clerk', 'reviewer', 'adviser', 'admin')),
    township_id INTEGER REFERENCES townships(id),
    office_id INTEGER REFERENCES offices(id),
    password_hash TEXT NOT NULL,
    disabled INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    last_login_at TEXT NOT NULL DEFAULT ''
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    ip TEXT NOT NULL DEFAULT '',
    user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE documents (
    id INTEGER PRIMARY KEY,
    township_id INTEGER NOT NULL REFERENCES townships(id),
    title TEXT NOT NULL,
    doc_type TEXT NOT NULL,
    meeting_date TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX documents_township ON documents(township_id, status);

CREATE TABLE versions (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    number INTEGER NOT NULL,
    file_name TEXT NOT NULL,
    file_sha256 TEXT NOT NULL,
    file_size INTEGER NOT NULL,
    format TEXT NOT NULL,
    text TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    uploaded_by INTEGER NOT NULL REFERENCES users(id),
    uploaded_at TEXT NOT NULL,
    UNIQUE (document_id, number)
);

CREATE TABLE reviews (
    id INTEGER PRIMARY KEY,
    document_id INTEGER NOT NULL REFERENCES documents(id),
    version_id INTEGER NOT NULL UNIQUE REFERENCES versions(id),
    doc_type TEXT NOT NULL,
    text TEXT NOT NULL,
    checklist TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL,
    conclusion TEXT NOT NULL DEFAULT '',
    opinion TEXT NOT NULL DEFAULT '',
    revision INTEGER NOT NULL DEFAULT 1,
    row_version INTEGER NOT NULL DEFAULT 1,
    signed_by INTEGER REFERENCES users(id),
    signed_at TEXT NOT NULL DEFAULT '',
    signed_sha256 TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX reviews_document ON reviews(document_id);

CREATE TABLE findings (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id),
    origin TEXT NOT NULL,
    rule TEXT NOT NULL DEFAULT '',
    item TEXT NOT NULL DEFAULT '',
    severity TEXT NOT NULL,
    message TEXT NOT NULL,
    suggestion TEXT NOT NULL DEFAULT '',
    quote TEXT NOT NULL DEFAULT '',
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    line INTEGER NOT NULL DEFAULT 0,
    basis TEXT NOT NULL DEFAULT '[]',
    related TEXT NOT NULL DEFAULT '[]',
    state TEXT NOT NULL DEFAULT 'open',
    reason TEXT NOT NULL DEFAULT '',
    edited INTEGER NOT NULL DEFAULT 0,
    decided_by INTEGER REFERENCES users(id),
    decided_at TEXT NOT NULL DEFAULT '',
    created_by INTEGER REFERENCES users(id)
);
CREATE INDEX findings_review ON findings(review_id);

CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id),
    finding_id INTEGER REFERENCES findings(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    body TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX comments_review ON comments(review_id);

CREATE TABLE review_events (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id),
    revision INTEGER NOT NULL,
    user_id INTEGER REFERENCES users(id),
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX review_events_review ON review_events(review_id);

CREATE TABLE signoffs (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id),
    revision INTEGER NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users(id),
    conclusion TEXT NOT NULL,
    opinion TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    signed_at TEXT NOT NULL,
    UNIQUE (review_id, revision)
);

CREATE TABLE document_advisers (
    document_id INTEGER NOT NULL REFERENCES documents(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (document_id, user_id)
);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id INTEGER,
    username TEXT NOT NULL DEFAULT '',
    action TEXT NOT NULL,
    target TEXT NOT NULL DEFAULT '',
    detail TEXT NOT NULL DEFAULT '',
    ip TEXT NOT NULL DEFAULT '',
    request_id TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log(at);
