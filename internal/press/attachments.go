package press

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// attachmentLimits are what one upload to a release may be: up to ten
// photos or PDFs of 25 MB each.
var attachmentLimits = files.Limits{Allowed: AttachmentTypes, MaxFiles: 10}

func attachmentURL(id, fileID int64) string {
	return releaseURL(id) + "/files/" + strconv.FormatInt(fileID, 10)
}

func newsFileURL(id, fileID int64) string {
	return "/news/" + idStr(id) + "/files/" + strconv.FormatInt(fileID, 10)
}

// attach stores the files chosen on the card; a refused file is named
// beside the field, and nothing of the upload is kept then.
func (h *Handler) attach(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	x, err := h.pathRelease(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	up, err := h.files.ReadMultipart(w, r, attachmentLimits)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	defer up.Close()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	for _, p := range up.Problems {
		msg, _ := files.Message(ctx, p.Err)
		f.Errors.Add("files", i18n.T(ctx, "press.files.refused", p.Name, msg))
	}
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		err := h.store.Attach(ctx, x.ID, up.Field("files"))
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, releaseURL(x.ID)+"#attachments", i18n.T(ctx, "press.files.attached"))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	h.renderCard(w, r, status, cardView{R: x, FileErrors: f.Errors})
}

// attachment is one of the release's files, shown in the browser (a
// photo, a PDF) or with ?download=1 saved.
func (h *Handler) attachment(w http.ResponseWriter, r *http.Request) {
	id, fileID, err := h.pathFile(r)
	if err == nil {
		err = h.store.Attachment(r.Context(), id, fileID)
	}
	if err != nil {
		web.Error(w, r, err)
		return
	}
	h.serveFile(w, r, fileID)
}

func (h *Handler) pathFile(r *http.Request) (int64, int64, error) {
	id, err := web.PathID(r, "id")
	if err != nil {
		return 0, 0, err
	}
	fileID, err := web.PathID(r, "fileID")
	return id, fileID, err
}

func (h *Handler) serveFile(w http.ResponseWriter, r *http.Request, fileID int64) {
	f, rc, err := h.files.Open(r.Context(), fileID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	defer rc.Close()
	files.Serve(w, r, f, rc, form.URLValues(r).Get("download") != "1")
}

func (h *Handler) detach(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, fileID, err := h.pathFile(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	err = h.store.Detach(ctx, id, f.Version(), fileID)
	switch {
	case err == nil:
		web.RedirectWithFlash(w, r, h.sessions, releaseURL(id)+"#attachments", i18n.T(ctx, "press.files.removed"))
	case errors.Is(err, ErrWrongStatus):
		web.RedirectWithFlash(w, r, h.sessions, releaseURL(id)+"#attachments", i18n.T(ctx, "press.review.stale"))
	case errors.Is(err, errs.Conflict):
		web.RedirectWithFlash(w, r, h.sessions, releaseURL(id)+"#attachments", i18n.T(ctx, "press.files.locked"))
	default:
		web.Error(w, r, err)
	}
}

// newsFile is a published release's file, for anyone.
func (h *Handler) newsFile(w http.ResponseWriter, r *http.Request) {
	if h.limited(w, r) {
		return
	}
	id, fileID, err := h.pathFile(r)
	if err == nil {
		err = h.store.PublicAttachment(r.Context(), id, fileID)
	}
	if err != nil {
		web.Error(w, r, err)
		return
	}
	h.serveFile(w, r, fileID)
}
