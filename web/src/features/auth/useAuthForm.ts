import { useRef, useState, type FormEvent } from "react";
import { ApiError, describeError } from "../../lib/apiError";
import { hasErrors, type FieldErrors } from "./validation";

interface Options<K extends string> {
  /** Field names in screen order: the first invalid one takes focus. */
  fields: readonly K[];
  initial: Record<K, string>;
  validate: (values: Record<K, string>) => FieldErrors<K>;
  submit: (values: Record<K, string>) => Promise<unknown>;
}

/**
 * State for the login and signup forms: client checks on submit (then live while fixing),
 * server field errors (422 `fields`) shown under the matching input, anything else as one
 * form-level message, and focus moved to the first field that needs attention.
 */
export function useAuthForm<K extends string>({ fields, initial, validate, submit }: Options<K>) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors<K>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [attempted, setAttempted] = useState(false);
  const inputs = useRef(new Map<K, HTMLInputElement>());

  const focusFirstInvalid = (found: FieldErrors<K>) => {
    const first = fields.find((f) => found[f]);
    if (first) inputs.current.get(first)?.focus();
  };

  const setValue = (name: K, value: string) => {
    const next = { ...values, [name]: value };
    setValues(next);
    if (attempted) {
      // Once the user has seen the errors, update them as they type so fixed ones disappear.
      setErrors((prev) => ({ ...prev, [name]: validate(next)[name] }));
    } else if (errors[name]) {
      setErrors((prev) => ({ ...prev, [name]: undefined }));
    }
  };

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (submitting) return;
    setAttempted(true);
    setFormError(null);
    const found = validate(values);
    setErrors(found);
    if (hasErrors(found)) {
      focusFirstInvalid(found);
      return;
    }
    setSubmitting(true);
    try {
      await submit(values);
    } catch (err) {
      const serverFields: FieldErrors<K> = {};
      if (err instanceof ApiError) {
        const byName = err.fieldErrors;
        for (const f of fields) if (byName[f]) serverFields[f] = byName[f];
      }
      if (hasErrors(serverFields)) {
        setErrors(serverFields);
        focusFirstInvalid(serverFields);
      } else {
        setFormError(describeError(err));
      }
    } finally {
      setSubmitting(false);
    }
  };

  /** Props for <TextField> bound to this form. */
  const field = (name: K) => ({
    name,
    value: values[name],
    error: errors[name],
    onChange: (e: { target: { value: string } }) => setValue(name, e.target.value),
    ref: (el: HTMLInputElement | null) => {
      if (el) inputs.current.set(name, el);
      else inputs.current.delete(name);
    },
  });

  return { values, errors, formError, submitting, onSubmit, field };
}
