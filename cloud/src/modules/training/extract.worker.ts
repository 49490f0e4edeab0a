/**
 * The `training.extract` job's work in a worker thread: a PDF's text (engines/search/pdf-text.ts). A
 * hostile file that hangs pdf.js or exhausts the heap ends this thread and this job, not the cloud.
 */
import { pdfText, type PdfText } from '../../engines/search/pdf-text.ts';
import type { WorkerJobHandler } from '../jobs/jobs.types.ts';

export const extractPdfText: WorkerJobHandler<{ bytes: Uint8Array }, PdfText> = (payload) => pdfText(payload.bytes);
