package monitoring

import (
	"net/http"

	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// A clipping's file: the scan of a printed page, a PDF, a screenshot, or
// the recording of a radio or TV story.

// FileTypes are the files a clipping may keep.
var FileTypes = []string{files.PDF, files.JPEG, files.PNG, files.TIFF, files.MP3, files.M4A, files.MP4}

// MaxFileBytes is the largest file: a few minutes of a TV story.
const MaxFileBytes = 200 << 20

var fileLimits = files.Limits{Allowed: FileTypes, PerFile: MaxFileBytes, MaxFiles: 1}

// attach keeps the file chosen on the card, in place of the one before; a
// refused file is named beside the field, and nothing is kept then.
func (h *Handler) attach(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, err := h.pathClipping(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	up, err := h.files.ReadMultipart(w, r, fileLimits)
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
		f.Errors.Add("file", i18n.T(ctx, "monitoring.file.refused", p.Name, msg))
	}
	staged := up.Field("file")
	if len(staged) == 0 && !f.Errors.Any() {
		f.Add("file", "monitoring.file.none_chosen")
	}
	status := http.StatusUnprocessableEntity
	if !f.Errors.Any() {
		err := h.store.SetFile(ctx, c.ID, f.Version(), staged[0])
		if err == nil {
			web.RedirectWithFlash(w, r, h.sessions, clippingURL(c.ID)+"#file", i18n.T(ctx, "monitoring.file.attached"))
			return
		}
		var ok bool
		if status, ok = f.Refused(err); !ok {
			web.Error(w, r, err)
			return
		}
	}
	h.renderCard(w, r, status, cardView{C: c, FileErrors: f.Errors})
}

// file shows the clipping's file in the browser, or with ?download=1
// saves it.
func (h *Handler) file(w http.ResponseWriter, r *http.Request) {
	c, err := h.pathClipping(r)
	if err == nil && c.FileID == nil {
		err = errNoFile
	}
	if err != nil {
		web.Error(w, r, err)
		return
	}
	fl, rc, err := h.files.Open(r.Context(), *c.FileID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	defer rc.Close()
	files.Serve(w, r, fl, rc, form.URLValues(r).Get("download") != "1")
}

func (h *Handler) detach(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, err := h.pathClipping(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if err := h.store.SetFile(ctx, c.ID, f.Version(), nil); err != nil {
		if _, ok := f.Refused(err); ok {
			web.RedirectWithFlash(w, r, h.sessions, clippingURL(c.ID)+"#file", i18n.T(ctx, "errors.conflict"))
			return
		}
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, clippingURL(c.ID)+"#file", i18n.T(ctx, "monitoring.file.removed"))
}
