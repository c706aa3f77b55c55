package monitoring

import (
	"context"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/daugavpils/prdesk/internal/audit"
	"github.com/daugavpils/prdesk/internal/db"
	"github.com/daugavpils/prdesk/internal/errs"
)

func topicEntry(id int64, action, format string, args ...any) audit.Entry {
	return audit.Entry{Entity: "monitoring_topic", EntityID: id, Action: action,
		Summary: fmt.Sprintf("Temats Nr. %d: ", id) + fmt.Sprintf(format, args...)}
}

// Topics are every topic, the open ones first, each in Latvian order.
func (s *Store) Topics(ctx context.Context) ([]Topic, error) {
	var out []Topic
	var b pgx.Batch
	queueTopicNames(&b, &out)
	return out, s.pool.SendBatch(ctx, &b).Close()
}

// TopicsWithUses are the Topics with the count of each one's clippings,
// for the topics page alone: the counts read every link of every clipping
// (a million clippings' links: 100 ms).
func (s *Store) TopicsWithUses(ctx context.Context) ([]Topic, error) {
	rows, _ := s.pool.Query(ctx, `select t.id, t.name, t.active, t.version,
			(select count(*) from monitoring_clipping_topics ct where ct.topic_id = t.id)
		from monitoring_topics t order by t.active desc, t.name collate "lv-x-icu", t.id`)
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (Topic, error) {
		var t Topic
		err := row.Scan(&t.ID, &t.Name, &t.Active, &t.Version, &t.Uses)
		return t, err
	})
}

// Topic reads one topic.
func (s *Store) Topic(ctx context.Context, id int64) (Topic, error) {
	var t Topic
	err := s.pool.QueryRow(ctx, `select id, name, active, version from monitoring_topics where id = $1`, id).
		Scan(&t.ID, &t.Name, &t.Active, &t.Version)
	return t, db.NotFound(err, "monitoring topic")
}

// CreateTopic adds a topic; a name taken (in any case) is refused beside
// the name.
func (s *Store) CreateTopic(ctx context.Context, name string) (int64, error) {
	var id int64
	err := db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		now := s.now()
		err := tx.QueryRow(ctx, `insert into monitoring_topics (name, created_at, updated_at, created_by) values ($1, $2, $2, $3)
			returning id`, name, now, audit.ActorID(ctx)).Scan(&id)
		if db.IsUnique(err, "monitoring_topics_name_key") {
			return errs.FieldConflict("name", "monitoring.topics.name_taken")
		}
		if err != nil {
			return err
		}
		e := topicEntry(id, "create", "pievienots")
		e.Details = map[string]any{"name": name}
		return audit.Record(ctx, tx, e)
	})
	return id, err
}

// UpdateTopic renames a topic or closes and opens it (t.ID, t.Version as
// drawn). A closed topic keeps its clippings and is offered no more.
func (s *Store) UpdateTopic(ctx context.Context, t Topic) error {
	return db.InTx(ctx, s.pool, func(tx pgx.Tx) error {
		var old Topic
		err := tx.QueryRow(ctx, `select id, name, active, version from monitoring_topics where id = $1 for update`, t.ID).
			Scan(&old.ID, &old.Name, &old.Active, &old.Version)
		if err != nil {
			return db.NotFound(err, "monitoring topic")
		}
		// The topics page names each row's field by its topic.
		field := "name_" + strconv.FormatInt(t.ID, 10)
		if old.Version != t.Version {
			return errs.FieldConflict(field, "errors.conflict")
		}
		_, err = tx.Exec(ctx, `update monitoring_topics set name = $2, active = $3, updated_at = $4, version = version + 1
			where id = $1`, t.ID, t.Name, t.Active, s.now())
		if db.IsUnique(err, "monitoring_topics_name_key") {
			return errs.FieldConflict(field, "monitoring.topics.name_taken")
		}
		if err != nil {
			return err
		}
		action, summary := "update", "pārdēvēts"
		switch {
		case old.Active && !t.Active:
			action, summary = "close", "slēgts"
		case !old.Active && t.Active:
			action, summary = "open", "atkal atvērts"
		}
		e := topicEntry(t.ID, action, "%s", summary)
		e.Details = audit.Diff([][3]any{{"name", old.Name, t.Name}, {"active", old.Active, t.Active}})
		return audit.Record(ctx, tx, e)
	})
}
