package migrations

import (
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// history are the migrations written before the rule of migrations.go:
// they stay as they are. Every other migration, whatever its number (the
// numbers may arrive out of order), is held to the rule.
var history = []string{
	"00001_foundation.sql",
	"00002_calendar.sql",
	"00004_files.sql",
	"00005_petitions.sql",
	"00006_petition_files.sql",
	"00008_petition_list_indexes.sql",
	"00009_visitors.sql",
	"00010_visitor_queue.sql",
	"00011_visitor_hours.sql",
	"00012_visitor_log.sql",
	"00013_petition_retention.sql",
	"00014_visit_log_booking_idx.sql",
	"00015_visitor_retention_gaps.sql",
	"00016_visit_waitlist_match_idx.sql",
	"00020_calendar_revision.sql",
	"00021_petition_name_words.sql",
	"00022_petition_name_dictionary_revision.sql",
	"00023_users_revision.sql",
	"00024_petitions_search_name_idx.sql",
	"00025_petition_list_orders.sql",
}

// largeTables are the tables that grow with the registries (a million
// submissions, two million logged visits) or with every request: locking
// one of them for the length of an index build or a validation stops the
// work of the department.
var largeTables = []string{
	"petitions", "petition_name_words", "petition_name_dictionary", "petition_events",
	"petition_files", "petition_notices", "petition_answers", "petition_executors",
	"visit_log", "visit_bookings", "visit_booking_events", "visit_queue",
	"audit_log", "mail_outbox", "mail_outbox_attachments", "files", "sessions", "login_attempts", "press_deliveries",
	"river_job", // River's, migrated after ours
}

func TestLargeTablesAreNotLocked(t *testing.T) {
	names, err := fs.Glob(FS, "*.sql")
	if err != nil {
		t.Fatal(err)
	}
	var all strings.Builder
	for _, name := range names {
		b, err := fs.ReadFile(FS, name)
		if err != nil {
			t.Fatal(err)
		}
		all.Write(b)
		if slices.Contains(history, name) {
			continue
		}
		for _, p := range problems(string(b)) {
			t.Errorf("%s: %s (see the rule in migrations.go)", name, p)
		}
	}
	for _, h := range history {
		if !slices.Contains(names, h) {
			t.Errorf("%s is in history but not among the migrations", h)
		}
	}
	// The list names real tables.
	for _, table := range largeTables {
		if table != "river_job" && !regexp.MustCompile(`(?i)create table `+table+` \(`).MatchString(all.String()) {
			t.Errorf("largeTables names %s, which no migration creates", table)
		}
	}
}

func TestTheRuleIsChecked(t *testing.T) {
	cases := []struct {
		name string
		sql  string
		bad  bool
	}{
		{"index built in a transaction",
			"-- +goose Up\ncreate index petitions_x_idx on petitions (subject);\n-- +goose Down\ndrop index petitions_x_idx;", true},
		{"unnamed index, schema and quotes",
			"-- +goose Up\nCREATE INDEX ON public.\"visit_log\" (came_at);", true},
		{"unique index",
			"-- +goose Up\ncreate unique index if not exists x on only audit_log (entity_id);", true},
		{"concurrent index without NO TRANSACTION",
			"-- +goose Up\ncreate index concurrently x on petitions (subject);", true},
		{"concurrent index outside a transaction",
			"-- +goose NO TRANSACTION\n-- +goose Up\ncreate index concurrently if not exists x on petitions (subject);\n" +
				"-- +goose Down\ndrop index concurrently x;", false},
		{"index on a small table",
			"-- +goose Up\ncreate index x on doc_cases (title);", false},
		{"index on a new table",
			"-- +goose Up\ncreate table press_releases (id bigint);\ncreate index x on press_releases (id);", false},
		{"foreign key validated at once",
			"-- +goose Up\nalter table visit_bookings add constraint x_fk foreign key (room_id) references rooms (id);", true},
		{"column with a reference",
			"-- +goose Up\nalter table petitions add column room_id bigint references rooms (id);", true},
		{"check validated at once",
			"-- +goose Up\nalter table mail_outbox\n    add constraint x check (attempts < 100);", true},
		{"foreign key not valid, then validated",
			"-- +goose Up\nalter table visit_bookings add constraint x_fk foreign key (room_id) references rooms (id) not valid;\n" +
				"alter table visit_bookings validate constraint x_fk;", false},
		{"unique constraint building its index",
			"-- +goose Up\nalter table files add constraint files_x unique (sha256);", true},
		{"unique constraint on an index built before",
			"-- +goose Up\nalter table files add constraint files_x unique using index files_x_idx;", false},
		{"a dropped check is no new check",
			"-- +goose Up\nalter table petitions drop constraint petitions_subject_check;", false},
		{"words in comments and strings and function bodies",
			"-- +goose Up\n-- create index x on petitions (subject);\ninsert into settings (key, value) values ('create index x on petitions', '1');\n" +
				"-- +goose StatementBegin\ncreate function f() returns trigger language plpgsql as $body$ begin create index y on petitions (subject); return null; end $body$;\n" +
				"-- +goose StatementEnd", false},
		{"the down part is not checked",
			"-- +goose Up\ndrop index concurrently x;\n-- +goose Down\ncreate index x on petitions (subject);", false},
	}
	for _, c := range cases {
		if got := problems(c.sql); (len(got) > 0) != c.bad {
			t.Errorf("%s: problems %q", c.name, got)
		}
	}
}

var (
	createIndex = regexp.MustCompile(`^create (unique )?index (concurrently )?(if not exists )?(\S+ )?on (only )?(\S+)`)
	alterTable  = regexp.MustCompile(`^alter table (if exists )?(only )?(\S+) (.*)$`)
	constraint  = regexp.MustCompile(`\b(foreign key|references|check)\b`)
	notValid    = regexp.MustCompile(`\bnot valid\b`)
	addUnique   = regexp.MustCompile(`\badd (constraint \S+ )?(unique|primary key)\b`)
	usingIndex  = regexp.MustCompile(`\busing index\b`)
	spaces      = regexp.MustCompile(`\s+`)
)

// problems lists what the Up part of a migration does that the rule
// forbids.
func problems(src string) []string {
	up := src
	if i := goosePragma(src, "down"); i >= 0 {
		up = src[:i]
	}
	noTx := goosePragma(up, "no transaction") >= 0
	var out []string
	for _, stmt := range statements(up) {
		if m := createIndex.FindStringSubmatch(stmt); m != nil {
			table := tableName(m[6])
			switch {
			case m[2] == "" && slices.Contains(largeTables, table) && !createdIn(up, table):
				out = append(out, "an index on "+table+" must be built concurrently: "+stmt)
			case m[2] != "" && !noTx:
				out = append(out, "create index concurrently cannot run in a transaction: start the file with -- +goose NO TRANSACTION")
			}
			continue
		}
		if m := alterTable.FindStringSubmatch(stmt); m != nil {
			table := tableName(m[3])
			if !slices.Contains(largeTables, table) || createdIn(up, table) {
				continue
			}
			rest := m[4]
			if constraint.MatchString(rest) && !notValid.MatchString(rest) {
				out = append(out, "a new foreign key or check on "+table+" must be added not valid and validated apart: "+stmt)
			}
			if addUnique.MatchString(rest) && !usingIndex.MatchString(rest) {
				out = append(out, "a unique constraint on "+table+" must use an index built concurrently: "+stmt)
			}
		}
	}
	return out
}

// goosePragma is where the line "-- +goose <what>" starts, or -1.
func goosePragma(src, what string) int {
	re := regexp.MustCompile(`(?im)^--\s*\+goose\s+` + strings.ReplaceAll(what, " ", `\s+`) + `\s*$`)
	if loc := re.FindStringIndex(src); loc != nil {
		return loc[0]
	}
	return -1
}

// createdIn tells whether the migration creates table itself: a new table
// is empty, and anything may be done to it.
func createdIn(up, table string) bool {
	for _, stmt := range statements(up) {
		if strings.HasPrefix(stmt, "create table "+table+" ") || strings.HasPrefix(stmt, "create table if not exists "+table+" ") {
			return true
		}
	}
	return false
}

func tableName(s string) string {
	s = strings.ReplaceAll(s, `"`, "")
	s = strings.TrimPrefix(s, "public.")
	if i := strings.IndexByte(s, '('); i >= 0 {
		s = s[:i]
	}
	return s
}

// statements splits SQL into statements, lower-cased, on one line each,
// without comments, string constants or dollar-quoted bodies.
func statements(src string) []string {
	var b strings.Builder
	for i := 0; i < len(src); i++ {
		c := src[i]
		switch {
		case c == '-' && strings.HasPrefix(src[i:], "--"):
			for i < len(src) && src[i] != '\n' {
				i++
			}
			b.WriteByte('\n')
		case c == '\'':
			j := i + 1
			for j < len(src) && (src[j] != '\'' || strings.HasPrefix(src[j:], "''")) {
				if src[j] == '\'' {
					j++
				}
				j++
			}
			b.WriteString("''")
			i = j
		case c == '$':
			end := strings.IndexByte(src[i+1:], '$')
			tag := ""
			if end >= 0 {
				tag = src[i : i+end+2]
			}
			if end < 0 || !regexp.MustCompile(`^\$[A-Za-z_]*\$$`).MatchString(tag) {
				b.WriteByte(c)
				continue
			}
			close := strings.Index(src[i+len(tag):], tag)
			if close < 0 {
				i = len(src)
				continue
			}
			b.WriteString("$$")
			i += len(tag) + close + len(tag) - 1
		default:
			b.WriteByte(c)
		}
	}
	var out []string
	for _, s := range strings.Split(b.String(), ";") {
		s = strings.ToLower(strings.TrimSpace(spaces.ReplaceAllString(s, " ")))
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
