import { Button } from 'antd';
import { useRef, type ReactNode } from 'react';

/**
 * A button that opens the file picker: antd's own Button (focusable, styled by the theme), the
 * file input hidden beside it. The input keeps `id` (and is the one that receives the file);
 * screen readers and keyboards reach only the button, named by its text or, where several stand
 * in a list, by `label` (e.g. "上传 项目申报书").
 */
export function FileButton({
  id,
  label,
  onFile,
  children,
}: {
  id: string;
  label?: string;
  onFile: (file: File) => void;
  children: ReactNode;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <Button aria-label={label} onClick={() => input.current?.click()}>
        {children}
      </Button>
      <input
        ref={input}
        id={id}
        type="file"
        // Inline: antd's form styles show file inputs (display: block) over the `hidden` attribute.
        style={{ display: 'none' }}
        tabIndex={-1}
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) onFile(f);
          e.target.value = ''; // the same file chosen again is a new upload
        }}
      />
    </>
  );
}
