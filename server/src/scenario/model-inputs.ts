import { ScenarioError } from './errors';
import type { GenerateInput, GenerateSize, ModelInput, ScenarioModel } from './types';

/**
 * From the plugin's wishes (GenerateInput) to the body a given model takes. Scenario drops every key a model does
 * not declare without an error, so the body holds only declared inputs, and each wish the model cannot take is
 * reported instead of being sent into the void. Pure: no I/O, no Strapi.
 */

/** About one megapixel: what these models are trained around, and what their default sizes add up to. */
export const TARGET_PIXELS = 1024 * 1024;
/**
 * Sides are put on a 64-pixel grain (also a multiple of the model's own step) when the model's range allows it: the
 * sizes these models were trained on, so 16:9 → 1344×768, 4:3 → 1152×896, 3:2 → 1280×832, 1:1 → 1024×1024.
 */
export const SIZE_GRAIN = 64;
/** The resolution tier asked for when a model sizes by aspect ratio and tiers: about one megapixel, like the rest. */
export const PREFERRED_RESOLUTION = '1K';

export interface GenerateBodyPlan {
  body: Record<string, unknown>;
  size?: GenerateSize;
  unsupported: Array<keyof GenerateInput>;
}

export type SizeKind = 'width-height' | 'aspect-ratio' | 'none';

export interface ModelSupport {
  size: SizeKind;
  /** What a 16:9 wish becomes on this model (null when it takes no size). */
  sizeFor16x9: GenerateSize | null;
  negativePrompt: boolean;
  /** How many reference images it takes (0: none). */
  referenceImages: number;
  /** Whether a trained style (LoRA) can be applied on it. */
  loras: boolean;
  /** The prompt's declared maxLength, when it has one. */
  maxPromptLength?: number;
  /** The aspect ratios it accepts, when it sizes by aspect ratio and lists them. */
  aspectRatios?: string[];
}

export const findInput = (model: Pick<ScenarioModel, 'inputs'>, name: string): ModelInput | undefined =>
  model.inputs.find((input) => input.name === name);

const takes = (model: Pick<ScenarioModel, 'inputs'>, name: string) => findInput(model, name) !== undefined;

/** `16:9` → 1.777…; null for anything that is not two positive numbers (e.g. `auto`). */
export function parseAspectRatio(text: string): number | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*[:/x]\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!match) return null;
  const ratio = Number(match[1]) / Number(match[2]);
  return Number.isFinite(ratio) && ratio > 0 ? ratio : null;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The model's sizing kind: width/height pixels, an aspect ratio, or nothing (its default size). */
export function sizeKind(model: Pick<ScenarioModel, 'inputs'>): SizeKind {
  if (takes(model, 'width') && takes(model, 'height')) return 'width-height';
  if (takes(model, 'aspectRatio')) return 'aspect-ratio';
  return 'none';
}

/** A side snapped to the grain (or the step when the grain does not fit the range), inside min..max. */
function snapSide(value: number, input: ModelInput): number {
  const step = input.step && input.step > 0 && Number.isInteger(input.step) ? input.step : 1;
  const bounds = (grain: number) => ({
    low: Math.max(grain, Math.ceil((input.min ?? grain) / grain) * grain),
    high: input.max !== undefined ? Math.floor(input.max / grain) * grain : Infinity,
  });
  let grain = (SIZE_GRAIN * step) / gcd(SIZE_GRAIN, step);
  let { low, high } = bounds(grain);
  if (low > high) {
    grain = step;
    ({ low, high } = bounds(grain));
  }
  return Math.min(high, Math.max(low, Math.round(value / grain) * grain));
}

/** Width and height for a ratio: about TARGET_PIXELS, the ratio kept while fitting the declared ranges. */
export function pixelSize(ratio: number, width: ModelInput, height: ModelInput): { width: number; height: number } {
  let w = Math.sqrt(TARGET_PIXELS * ratio);
  let h = Math.sqrt(TARGET_PIXELS / ratio);
  const down = Math.min(1, (width.max ?? Infinity) / w, (height.max ?? Infinity) / h);
  w *= down;
  h *= down;
  const up = Math.max(1, (width.min ?? 0) / w, (height.min ?? 0) / h);
  w *= up;
  h *= up;
  return { width: snapSide(w, width), height: snapSide(h, height) };
}

/** The allowed aspect ratio closest to the wish (compared on a log scale, so 2:1 and 1:2 are equally far from 1:1). */
export function nearestAspectRatio(ratio: number, allowed: readonly string[]): string | undefined {
  let best: { value: string; distance: number } | undefined;
  for (const value of allowed) {
    const candidate = parseAspectRatio(value);
    if (candidate === null) continue;
    const distance = Math.abs(Math.log(candidate / ratio));
    if (!best || distance < best.distance - 1e-9) best = { value, distance };
  }
  return best?.value;
}

const stringValues = (input: ModelInput | undefined) => (input?.allowedValues ?? []).map(String);

/**
 * What a size wish becomes on this model: an aspect ratio (`16:9`) or explicit width/height. Explicit pixels are sent
 * as given to a model that takes pixels (Scenario checks them); otherwise the wish's ratio is mapped.
 */
export function sizeFor(
  model: Pick<ScenarioModel, 'inputs'>,
  wish: { aspectRatio?: string; width?: number; height?: number },
): GenerateSize | undefined {
  const kind = sizeKind(model);
  if (kind === 'none') return undefined;
  const explicit = wish.width !== undefined && wish.height !== undefined && wish.width > 0 && wish.height > 0;
  if (kind === 'width-height' && explicit && !wish.aspectRatio) return { width: wish.width!, height: wish.height! };
  const ratio = wish.aspectRatio ? parseAspectRatio(wish.aspectRatio) : explicit ? wish.width! / wish.height! : null;
  if (ratio === null) return undefined;
  if (kind === 'width-height') return pixelSize(ratio, findInput(model, 'width')!, findInput(model, 'height')!);
  const allowed = stringValues(findInput(model, 'aspectRatio'));
  const aspectRatio = allowed.length ? nearestAspectRatio(ratio, allowed) : wish.aspectRatio;
  if (!aspectRatio) return undefined;
  const tiers = stringValues(findInput(model, 'resolution'));
  return tiers.includes(PREFERRED_RESOLUTION) ? { aspectRatio, resolution: PREFERRED_RESOLUTION } : { aspectRatio };
}

function validationError(message: string): ScenarioError {
  return new ScenarioError(message, { kind: 'validation', retryable: false });
}

/**
 * The body of `POST /generate/custom/{model.id}` for these wishes, with only the model's declared inputs, the size sent,
 * and the wishes left out. Throws a final validation error for a call that cannot work: a model without a prompt
 * input (not a text-to-image model, or a trained style that runs on its base model), or a trained style on a model
 * that takes none.
 */
export function planGenerateBody(model: ScenarioModel, input: GenerateInput): GenerateBodyPlan {
  if (!takes(model, 'prompt')) {
    throw validationError(
      `Scenario model ${model.id} takes no prompt: pick a text-to-image model (a trained style is applied on its base model)`,
    );
  }
  const body: Record<string, unknown> = { prompt: input.prompt };
  const unsupported: Array<keyof GenerateInput> = [];
  const put = (wish: keyof GenerateInput, name: string, value: unknown) => {
    if (value === undefined || value === '') return;
    if (takes(model, name)) body[name] = value;
    else unsupported.push(wish);
  };
  put('numOutputs', 'numOutputs', input.numOutputs);
  put('seed', 'seed', input.seed);
  put('negativePrompt', 'negativePrompt', input.negativePrompt);
  const references = input.referenceImages?.filter(Boolean) ?? [];
  // Never more than the model declares it takes (FLUX.2: 5, Gemini: 14): Scenario would refuse the call.
  if (references.length) put('referenceImages', 'referenceImages', references.slice(0, referenceLimit(model)));

  const size = sizeFor(model, input);
  if (size) {
    Object.assign(body, size);
  } else {
    for (const wish of ['aspectRatio', 'width', 'height'] as const) if (input[wish] !== undefined) unsupported.push(wish);
  }

  const loraIds = input.loraIds?.filter(Boolean) ?? [];
  if (loraIds.length) {
    const scales = input.loraScales ?? [];
    if (takes(model, 'loras')) {
      body.loras = [...loraIds];
      if (scales.length) {
        if (takes(model, 'lorasScale')) body.lorasScale = loraIds.map((_, index) => scales[index] ?? 1);
        else unsupported.push('loraScales');
      }
    } else if (takes(model, 'modelId')) {
      if (loraIds.length > 1) throw validationError(`Scenario model ${model.id} takes one trained style (LoRA), not ${loraIds.length}`);
      body.modelId = loraIds[0];
      if (scales.some((scale) => scale !== 1)) unsupported.push('loraScales');
    } else {
      throw validationError(
        `Scenario model ${model.id} takes no trained style (LoRA): remove the style from the settings or pick its base model`,
      );
    }
  }
  return { body, ...(size ? { size } : {}), unsupported };
}

/** How many reference images the model takes: 0 when it declares no `referenceImages` input. */
export function referenceLimit(model: Pick<ScenarioModel, 'inputs'>): number {
  const references = findInput(model, 'referenceImages');
  return references ? (references.maxLength ?? references.max ?? 1) : 0;
}

/** What the settings page may say a model supports (and must not claim more). */
export function modelSupport(model: ScenarioModel): ModelSupport {
  const kind = sizeKind(model);
  const prompt = findInput(model, 'prompt');
  const aspectRatios = kind === 'aspect-ratio' ? stringValues(findInput(model, 'aspectRatio')) : [];
  return {
    size: kind,
    sizeFor16x9: sizeFor(model, { aspectRatio: '16:9' }) ?? null,
    negativePrompt: takes(model, 'negativePrompt'),
    referenceImages: referenceLimit(model),
    loras: takes(model, 'loras') || takes(model, 'modelId'),
    ...(prompt?.maxLength !== undefined ? { maxPromptLength: prompt.maxLength } : {}),
    ...(aspectRatios.length ? { aspectRatios } : {}),
  };
}
