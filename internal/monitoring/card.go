package monitoring

import (
	"context"
	"errors"
	"net/http"

	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
	"github.com/daugavpils/prdesk/templates/components"
)

type cardView struct {
	C        Clipping
	Names    map[int64]contacts.Brief
	Topics   []Topic
	Release  *ReleaseChoice
	Timeline []components.TimelineLine
	File     *files.File
	// Refusals of the file last chosen.
	FileErrors form.Errors
}

// Mentioned are the clipping's units and officials as the directory names
// them, organisations first.
func (v cardView) Mentioned() []contacts.Brief {
	var orgs, people []contacts.Brief
	for _, id := range v.C.MentionIDs {
		b, ok := v.Names[id]
		switch {
		case !ok:
		case b.Kind == contacts.Person:
			people = append(people, b)
		default:
			orgs = append(orgs, b)
		}
	}
	return append(orgs, people...)
}

func (h *Handler) card(w http.ResponseWriter, r *http.Request) {
	c, err := h.pathClipping(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	h.renderCard(w, r, http.StatusOK, cardView{C: c})
}

func (h *Handler) renderCard(w http.ResponseWriter, r *http.Request, status int, v cardView) {
	ctx := r.Context()
	c := v.C
	var err error
	ids := append([]int64{c.OutletID}, c.MentionIDs...)
	if c.JournalistID != nil {
		ids = append(ids, *c.JournalistID)
	}
	if v.Names, err = h.store.Names(ctx, ids); err != nil {
		web.Error(w, r, err)
		return
	}
	all, err := h.store.Topics(ctx)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	for _, t := range all {
		for _, id := range c.TopicIDs {
			if t.ID == id {
				v.Topics = append(v.Topics, t)
			}
		}
	}
	if c.ReleaseID != nil {
		rel, err := h.store.Release(ctx, *c.ReleaseID)
		if err != nil && !errors.Is(err, errs.NotFound) {
			web.Error(w, r, err)
			return
		}
		if err == nil {
			v.Release = &rel
		}
	}
	lines, err := h.store.Timeline(ctx, "monitoring_clipping", c.ID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v.Timeline = timeline(ctx, lines)
	if c.FileID != nil {
		f, err := h.store.File(ctx, *c.FileID)
		if err != nil {
			web.Error(w, r, err)
			return
		}
		v.File = &f
	}
	web.Render(w, r, status, cardPage(v))
}

// timeline is a record's history in the viewer's words.
func timeline(ctx context.Context, lines []TimelineLine) []components.TimelineLine {
	out := make([]components.TimelineLine, len(lines))
	for i, l := range lines {
		action := l.Action
		if k := "monitoring.action." + l.Action; i18n.Has(ctx, k) {
			action = i18n.T(ctx, k)
		}
		out[i] = components.TimelineLine{At: l.At, Actor: l.Actor, Action: action, Summary: l.Summary}
	}
	return out
}
